using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;
using static Tollgate.Domain.Tests.Dora.WorkedExample;

namespace Tollgate.Domain.Tests.Dora;

public sealed class DoraCalculatorTests
{
    private static ServiceDora Checkout(DoraDefinitions definitions, List<Deploy>? deploys = null, List<Incident>? incidents = null)
    {
        var result = DoraCalculator.Compute(deploys ?? Deploys(), incidents ?? Incidents(), new DoraWindow(From, To), "production", definitions);
        result.Services.Count.ShouldBe(1);
        return result.Services[0];
    }

    [Fact]
    public void Compute_WorkedExample_GivesTheReferenceValues()
    {
        var dora = Checkout(DoraDefinitions.Recommended);

        dora.Deployments.ShouldBe(7);
        dora.DeploymentsPerDay.ShouldBe(0.5, 1e-12);
        dora.DeploymentDays.ShouldBe(5);
        dora.DeploymentDaysPerWeek.ShouldBe(2.5);
        dora.LeadTimeHours.Samples.ShouldBe(8);
        dora.LeadTimeHours.Median.ShouldBe(2);
        dora.LeadTimeHours.P90!.Value.ShouldBe(13.1, 1e-9);
        dora.FailedDeployments.ShouldBe(2);
        dora.ChangeFailureRate!.Value.ShouldBe(2.0 / 7, 1e-12);
        dora.DeploymentReworkRate!.Value.ShouldBe(2.0 / 7, 1e-12);
        dora.RecoveryMinutes.Median.ShouldBe(115);
        dora.Unrecovered.ShouldBe(0);
    }

    [Fact]
    public void Compute_WorkedExample2024Levels_NamesTheWeakestMetric()
    {
        var dora = Checkout(DoraDefinitions.Recommended);
        var levels = dora.Levels.ToDictionary(l => l.Key, l => l.Value);

        levels[DoraMetric.DeploymentFrequency].ShouldBe(DoraLevel.High);
        levels[DoraMetric.LeadTimeForChanges].ShouldBe(DoraLevel.Elite);
        levels[DoraMetric.ChangeFailureRate].ShouldBe(DoraLevel.High); // nearest 2024 cluster to 28.6 %: High's 20 %
        levels[DoraMetric.FailedDeploymentRecoveryTime].ShouldBe(DoraLevel.High);
        levels[DoraMetric.DeploymentReworkRate].ShouldBeNull();
        dora.Weakest.ShouldBe(DoraMetric.ChangeFailureRate);
    }

    [Fact]
    public void Compute_WorkedExample2023Levels_FailureRateIsMediumCluster()
    {
        var dora = Checkout(DoraDefinitions.Recommended with { ReportYear = 2023 });

        dora.Levels.Single(l => l.Key == DoraMetric.ChangeFailureRate).Value.ShouldBe(DoraLevel.Medium);
        dora.Weakest.ShouldBe(DoraMetric.ChangeFailureRate);
    }

    [Fact]
    public void Compute_DevLakeDefinitions_LowerMedianAndRecoveryToResolution()
    {
        var dora = Checkout(DoraDefinitions.DevLake);

        dora.RecoveryMinutes.Median.ShouldBe(55);
        dora.LeadTimeHours.Median.ShouldBe(2);
        dora.DeploymentDaysPerWeek.ShouldBe(2);
        dora.Levels.Single(l => l.Key == DoraMetric.FailedDeploymentRecoveryTime).Value.ShouldBe(DoraLevel.Elite);
    }

    [Fact]
    public void Compute_RecoveryToResolutionInterpolated_Is132AndAHalfMinutes()
    {
        Checkout(DoraDefinitions.Recommended with { Recovery = RecoveryClock.DeployToResolved }).RecoveryMinutes.Median.ShouldBe(132.5);
    }

    [Fact]
    public void Compute_FourKeysDefinitions_WholeHoursGiveNinetyMinutes()
    {
        Checkout(DoraDefinitions.FourKeys).RecoveryMinutes.Median.ShouldBe(90);
    }

    [Fact]
    public void Compute_IncidentDuration_IsOneHundredSevenAndAHalfMinutes()
    {
        Checkout(DoraDefinitions.Recommended with { Recovery = RecoveryClock.IncidentDuration }).RecoveryMinutes.Median.ShouldBe(107.5);
    }

    [Fact]
    public void Compute_MeanDefinition_LeadTimeMeanIsFiveAndAHalfHours()
    {
        Checkout(DoraDefinitions.Recommended with { Median = MedianKind.Mean }).LeadTimeHours.Median!.Value.ShouldBe(5.5, 1e-12);
    }

    [Fact]
    public void Compute_RemediationExcludedFromDenominator_FailureRateIsFortyPercent()
    {
        Checkout(DoraDefinitions.Recommended with { ExcludeRemediationFromFailureRate = true }).ChangeFailureRate!.Value.ShouldBe(0.4, 1e-12);
    }

    [Fact]
    public void Compute_IncidentsWithoutLinks_AreLinkedToTheNearestPriorDeploy()
    {
        var incidents = Incidents().Select(i => i with { CausedBy = null }).ToList();

        var dora = Checkout(DoraDefinitions.Recommended, incidents: incidents);

        dora.ChangeFailureRate!.Value.ShouldBe(2.0 / 7, 1e-12);
        dora.RecoveryMinutes.Median.ShouldBe(115);
    }

    [Fact]
    public void Compute_IncidentOutsideTheLinkWindow_IsNotBlamedOnAnOldDeploy()
    {
        List<Incident> late = [new("I9", "checkout", "production", At("03-16 12:00")) { ResolvedAt = At("03-16 13:00") }];

        var result = DoraCalculator.Compute(Deploys(), late, new DoraWindow(From, To), "production", DoraDefinitions.Recommended);

        result.Services[0].FailedDeployments.ShouldBe(1, "D6 only: the rollback D7 undid it; the late incident is blamed on nothing");
        result.UnlinkedIncidents.ShouldBe(1);
    }

    [Theory]
    [InlineData("03-03 00:00", "03-13 00:00", 3.0)] // a Sunday before and three days after the one whole week: were weeks of 0
    [InlineData("03-04 00:00", "03-11 00:00", 3.0)]
    [InlineData("03-04 12:00", "03-18 00:00", 1.0)] // the first week cut at noon: the one whole week, 03-11 to 03-17
    [InlineData("03-05 00:00", "03-08 00:00", 7.0)] // no whole week: three deploy days in three days
    [InlineData("03-05 00:00", "03-12 00:00", 7.0 * 3 / 7)]
    public void Compute_DeployDaysPerWeek_OverTheWholeWeeksInTheWindow(string from, string to, double expected)
    {
        List<Deploy> deploys =
        [
            Deploy("A1", "03-05 10:00", "v1", DeployIntent.Planned), Deploy("A2", "03-06 10:00", "v2", DeployIntent.Planned),
            Deploy("A3", "03-07 10:00", "v3", DeployIntent.Planned), Deploy("A4", "03-12 10:00", "v4", DeployIntent.Planned),
        ];

        var dora = DoraCalculator.Compute(deploys, [], new DoraWindow(At(from), At(to)), "production", DoraDefinitions.Recommended).Services[0];

        dora.DeploymentDaysPerWeek!.Value.ShouldBe(expected, 1e-12);
    }

    [Fact]
    public void Compute_VariantBWatchWindowRollback_CountsAsAFailedDeploy()
    {
        var deploys = Deploys();
        deploys.Add(Deploy("D8", "03-14 10:00", "v7", DeployIntent.Planned, ("c9", "03-14 08:00")));
        deploys.Add(Deploy("D9", "03-14 10:09", "v5", DeployIntent.Rollback) with { Remediates = "D8", Source = "watch-window" });

        var dora = Checkout(DoraDefinitions.Recommended, deploys);

        dora.Deployments.ShouldBe(9);
        dora.ChangeFailureRate!.Value.ShouldBe(3.0 / 9, 1e-12);
        dora.DeploymentReworkRate!.Value.ShouldBe(3.0 / 9, 1e-12);
        dora.RecoveryMinutes.Median.ShouldBe(50);
        dora.LeadTimeHours.Median.ShouldBe(2);
        dora.DeploymentDaysPerWeek.ShouldBe(3);
    }

    [Fact]
    public void Compute_WatchWindowRollbackThatFailed_IsAFailureWithoutRecovery()
    {
        var deploys = Deploys();
        deploys.Add(Deploy("D8", "03-14 10:00", "v7", DeployIntent.Planned) with { Result = DeployResult.Failed });
        deploys.Add(Deploy("D9", "03-14 10:09", "v5", DeployIntent.Rollback) with { Remediates = "D8", Result = DeployResult.Failed, Source = "watch-window" });

        var dora = Checkout(DoraDefinitions.Recommended, deploys);

        dora.FailedDeployments.ShouldBe(4, "D3, D6, D8 and the failed rollback D9");
        dora.Unrecovered.ShouldBe(2, "neither D8 nor D9 was recovered by anything that succeeded");
        dora.RecoveryMinutes.Samples.ShouldBe(2, "only D3's and D6's recoveries");
    }

    [Fact]
    public void Compute_HotfixAfterAnIncidentFailed_TheNextSuccessfulOneRemediates()
    {
        var deploys = Deploys();
        var d4 = deploys.FindIndex(d => d.Id == "D4");
        deploys[d4] = deploys[d4] with { Result = DeployResult.Failed };
        deploys.Insert(d4 + 1, Deploy("D4b", "03-07 18:00", "v4", DeployIntent.Hotfix));

        var dora = Checkout(DoraDefinitions.Recommended, deploys);

        // D3 recovers at D4b (4 h), not at the failed hotfix D4 (3 h); D4, itself a failed deploy, recovers at D4b (1 h).
        dora.RecoveryMinutes.Samples.ShouldBe(3);
        dora.RecoveryMinutes.Median.ShouldBe(60);
        dora.Unrecovered.ShouldBe(0);
    }

    [Fact]
    public void Compute_FailedDeployThenRollbackRecordedByHand_IsRecoveredByTheRollback()
    {
        // Was "1 failed deploy not recovered yet": `deploy finish --result failed`, then a rollback recorded with
        // `deploy start --intent rollback` and `deploy finish --result success`, named no remediation, so none was found.
        var deploys = Deploys();
        deploys.Add(Deploy("D8", "03-14 10:00", "v7", DeployIntent.Planned, ("c9", "03-14 08:00")) with { Result = DeployResult.Failed });
        deploys.Add(Deploy("D9", "03-14 10:05", "v8", DeployIntent.Planned, ("c10", "03-14 09:00")) with { Result = DeployResult.Failed });
        deploys.Add(Deploy("D10", "03-14 10:30", "v5", DeployIntent.Rollback));

        var dora = Checkout(DoraDefinitions.Recommended, deploys);

        dora.FailedDeployments.ShouldBe(4, "D3 and D6 (incidents), D8 and D9 (failed)");
        dora.Unrecovered.ShouldBe(0);
        dora.RecoveryMinutes.Samples.ShouldBe(4, "D3 240, D6 50, D8 30 and D9 25 minutes");
        dora.RecoveryMinutes.Median.ShouldBe((50 + 30) / 2.0);
    }

    [Fact]
    public void Compute_FailedDeployFollowedOnlyByPlannedDeploys_StaysUnrecovered()
    {
        var deploys = Deploys();
        deploys.Add(Deploy("D8", "03-14 10:00", "v7", DeployIntent.Planned) with { Result = DeployResult.Failed });
        deploys.Add(Deploy("D9", "03-14 11:00", "v8", DeployIntent.Planned));

        var dora = Checkout(DoraDefinitions.Recommended, deploys);

        dora.Unrecovered.ShouldBe(1, "only a hotfix or a rollback remediates");
        dora.RecoveryMinutes.Samples.ShouldBe(2);
    }

    [Fact]
    public void Compute_OtherEnvironmentAndRunningDeploys_AreNotCounted()
    {
        var deploys = Deploys();
        deploys.Add(Deploy("S1", "03-05 10:00", "v2", DeployIntent.Planned) with { Environment = "staging" });
        deploys.Add(Deploy("R1", "03-13 10:00", "v8", DeployIntent.Planned) with { FinishedAt = null, Result = DeployResult.Running });

        Checkout(DoraDefinitions.Recommended, deploys).Deployments.ShouldBe(7);
    }

    [Fact]
    public void Compute_TwoServices_OverallPoolsBoth()
    {
        var deploys = Deploys();
        deploys.Add(Deploy("P1", "03-05 10:00", "v1", DeployIntent.Planned) with { Service = "payments" });

        var result = DoraCalculator.Compute(deploys, Incidents(), new DoraWindow(From, To), "production", DoraDefinitions.Recommended);

        result.Services.Select(s => s.Service).ShouldBe(["checkout", "payments"]);
        result.Overall.Deployments.ShouldBe(8);
        result.Overall.ChangeFailureRate!.Value.ShouldBe(2.0 / 8, 1e-12);
        result.Services[1].ChangeFailureRate.ShouldBe(0);
    }
}
