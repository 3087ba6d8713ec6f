using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;

namespace Tollgate.Domain.Tests.Dora;

/// <summary>
/// A deploy whose watch never gave a verdict (<c>deploy run</c> or <c>deploy watch</c> stopped by SIGINT/SIGTERM: a
/// success left <c>watching</c>) is not known good: it counts as a deployment and for lead time, not in the change
/// failure rate, until a later watch judges it. Four deploys of pay on 2 May 2024, one change each committed an hour before.
/// </summary>
public sealed class UnwatchedDeployTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly DoraWindow Window = new(T0, T0.AddDays(1));

    private static Deploy Pay(int n, DeployWatch watch, DeployResult result = DeployResult.Success, DeployIntent intent = DeployIntent.Planned) =>
        new($"pay/{n}", "pay", "production", $"v{n}", intent, T0.AddHours(n))
        {
            FinishedAt = T0.AddHours(n),
            Result = result,
            Watch = watch,
            Changes = [new Change($"c{n}", T0.AddHours(n - 1))],
        };

    /// <summary>Passed, stopped while watching (<paramref name="second"/>, <paramref name="secondResult"/>), failed by its watch, never watched.</summary>
    private static List<Deploy> History(DeployWatch second = DeployWatch.Watching, DeployResult secondResult = DeployResult.Success) =>
    [
        Pay(1, DeployWatch.Passed),
        Pay(2, second, secondResult),
        Pay(3, DeployWatch.Failed, DeployResult.Failed),
        Pay(4, DeployWatch.None),
    ];

    private static ServiceDora Measure(List<Deploy> deploys, List<Incident>? incidents = null, DoraDefinitions? definitions = null) =>
        DoraCalculator.Compute(deploys, incidents ?? [], Window, "production", definitions ?? DoraDefinitions.Recommended).Services.ShouldHaveSingleItem();

    [Fact]
    public void Compute_WatchStoppedBeforeAVerdict_LeftOutOfFailureRateStillADeployment()
    {
        var dora = Measure(History());

        dora.Deployments.ShouldBe(4);
        dora.LeadTimeHours.Samples.ShouldBe(3); // it shipped its change; the failed deploy shipped none
        dora.FailedDeployments.ShouldBe(1);
        dora.Unwatched.ShouldBe(1);
        dora.ChangeFailureRate!.Value.ShouldBe(1.0 / 3, 1e-12, "was 1/4: the unjudged deploy counted as a good one");
    }

    [Theory]
    [InlineData(DeployWatch.Passed, DeployResult.Success, 1.0 / 4)]
    [InlineData(DeployWatch.Failed, DeployResult.Failed, 2.0 / 4)]
    public void Compute_WatchResumedToAVerdict_CountsByThatVerdict(DeployWatch watch, DeployResult result, double rate)
    {
        var dora = Measure(History(watch, result));

        dora.Unwatched.ShouldBe(0);
        dora.Deployments.ShouldBe(4);
        dora.ChangeFailureRate!.Value.ShouldBe(rate, 1e-12);
    }

    [Fact]
    public void Compute_UnwatchedDeployAnIncidentBlames_CountsAsFailed()
    {
        List<Incident> incidents = [new("X1", "pay", "production", T0.AddHours(2.5)) { CausedBy = "pay/2" }];

        var dora = Measure(History(), incidents);

        dora.Unwatched.ShouldBe(0);
        dora.FailedDeployments.ShouldBe(2);
        dora.ChangeFailureRate!.Value.ShouldBe(2.0 / 4, 1e-12);
    }

    [Fact]
    public void Compute_UnwatchedHotfixWithPlannedDenominator_LeftOutOnce()
    {
        List<Deploy> deploys = [.. History(DeployWatch.Passed), Pay(5, DeployWatch.Watching, intent: DeployIntent.Hotfix), Pay(6, DeployWatch.Watching)];

        var dora = Measure(deploys, definitions: DoraDefinitions.Recommended with { ExcludeRemediationFromFailureRate = true });

        dora.Deployments.ShouldBe(6);
        dora.Unwatched.ShouldBe(1); // the hotfix is out of this denominator already
        dora.ChangeFailureRate!.Value.ShouldBe(1.0 / 4, 1e-12); // planned 1-4 and 6, less 6
    }

    [Fact]
    public void Compute_OnlyUnwatchedDeploys_NoFailureRate()
    {
        var dora = Measure([Pay(1, DeployWatch.Watching), Pay(2, DeployWatch.Watching)]);

        dora.Deployments.ShouldBe(2);
        dora.Unwatched.ShouldBe(2);
        dora.ChangeFailureRate.ShouldBeNull();
        dora.Levels.Single(l => l.Key == DoraMetric.ChangeFailureRate).Value.ShouldBeNull();
    }
}
