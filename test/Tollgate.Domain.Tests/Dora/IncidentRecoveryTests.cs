using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;

namespace Tollgate.Domain.Tests.Dora;

/// <summary>
/// Recovery measured by incidents (<c>--recovery resolved|incident</c>, the <c>devlake</c> and <c>fourkeys</c> presets)
/// samples incidents only, as DevLake and Four Keys do: a failed deploy nobody raised an incident for is a failure, but
/// not a recovery sample timed by its rollback. The ledger of new-user report 3a: pay v3 failed 11-04 09:05 and rolled
/// back at 09:35 with no incident; v4 at 11-10 14:10 caused P1 (detected 15:00, resolved 17:00), hotfix v5 at 16:20.
/// </summary>
public sealed class IncidentRecoveryTests
{
    private static DateTimeOffset At(string monthDayTime) =>
        DateTimeOffset.Parse($"2026-{monthDayTime.Replace(' ', 'T')}:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static Deploy Pay(string version, string at, DeployIntent intent = DeployIntent.Planned, DeployResult result = DeployResult.Success) =>
        new($"pay/{version}/{intent}", "pay", "production", version, intent, At(at)) { FinishedAt = At(at), Result = result };

    private static ServiceDora Compute(DoraDefinitions definitions)
    {
        List<Deploy> deploys =
        [
            Pay("v2", "11-03 10:00"),
            Pay("v3", "11-04 09:05", result: DeployResult.Failed),
            Pay("v2", "11-04 09:35", DeployIntent.Rollback),
            Pay("v4", "11-10 14:10"),
            Pay("v5", "11-10 16:20", DeployIntent.Hotfix),
        ];
        List<Incident> incidents = [new("P1", "pay", "production", At("11-10 15:00")) { ResolvedAt = At("11-10 17:00") }];
        return DoraCalculator.Compute(deploys, incidents, new DoraWindow(At("11-02 00:00"), At("11-16 00:00")), "production", definitions).Services.ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData(RecoveryClock.IncidentDuration, 120)]
    [InlineData(RecoveryClock.DeployToResolved, 170)]
    public void Compute_IncidentRecoveryWithAFailureNoIncidentNames_SamplesTheIncidentOnly(RecoveryClock clock, double minutes)
    {
        var dora = Compute(DoraDefinitions.Recommended with { Recovery = clock });

        dora.FailedDeployments.ShouldBe(2, "v3 failed and v4 caused P1: both are failures");
        dora.RecoveryMinutes.Samples.ShouldBe(1, "v3's 30-minute rollback is no incident span");
        dora.RecoveryMinutes.Median.ShouldBe(minutes);
        dora.WithoutIncident.ShouldBe(1);
        dora.Unrecovered.ShouldBe(0);
    }

    [Fact]
    public void Compute_FourKeysPreset_NoZeroHourRecoveryFromARollback()
    {
        var dora = Compute(DoraDefinitions.FourKeys);

        dora.RecoveryMinutes.Samples.ShouldBe(1);
        dora.RecoveryMinutes.Median.ShouldBe(120, "170 minutes truncated to 2 h; v3's 30-minute rollback made a sample of 0 h");
    }

    [Fact]
    public void Compute_RecoveryToRemediation_SamplesBothFailuresAndNoneWithoutIncident()
    {
        var dora = Compute(DoraDefinitions.Recommended);

        dora.RecoveryMinutes.Samples.ShouldBe(2, "v3 to its rollback 30 min, v4 to its hotfix 130 min");
        dora.RecoveryMinutes.Median.ShouldBe(80);
        dora.WithoutIncident.ShouldBe(0);
    }
}
