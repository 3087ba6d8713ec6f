using Tollgate.Canary.Spec;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Delivery.Tests.Deploys;

/// <summary>
/// A deploy known to have failed is never promoted: a deploy command that fails is <c>deploy-failed</c>, critical
/// whatever a policy does to the watch's rules, and <c>deploy watch</c> of a deploy recorded failed is refused with
/// nothing recorded. Real shell commands, a SQLite ledger.
/// </summary>
public sealed class FailedDeployVerdictTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DeployLedger.T0;
    private DeployLedger _deploys = null!;

    public async Task InitializeAsync() => _deploys = await DeployLedger.OpenAsync("tollgate-faileddeploy-");

    public Task DisposeAsync() => _deploys.DisposeAsync().AsTask();

    private CanarySpec LoadSpec()
    {
        var path = Path.Combine(_deploys.WorkingDirectory, "slo.yaml");
        File.WriteAllText(path, DeployGateTests.Spec);
        return SpecLoader.Load(path);
    }

    private DeployGate Gate() => new(_deploys.Store, new SyntheticPrometheus(T0, 0.001), TextWriter.Null);

    private static Policy Lowering(params string[] rules) => Policy.Default with
    {
        Rules = rules.ToDictionary(r => r, _ => new RuleSettings { Severity = Severity.Low }, StringComparer.Ordinal),
    };

    [Theory]
    [InlineData("exit 5", 20, "the deploy command exited 5")]
    [InlineData("sleep 30", 1, "timeout")]
    public async Task RunAsync_DeployCommandFailsUnderAPolicyLoweringTheWatch_StillFailsAsDeployFailed(string command, double timeoutSeconds, string said)
    {
        var request = new DeployRunRequest("checkout", "v2", "production", command, "true", LoadSpec(), TimeSpan.FromSeconds(timeoutSeconds));

        var report = await Gate().RunAsync(request, _deploys.Context(Lowering("watch-window", "deploy-failed", "slo", "relative")));

        report.Verdict.ShouldBe(Verdict.Fail, report.Reason);
        report.ExitCode.ShouldBe(1);
        var finding = report.Findings[0];
        finding.Rule.ShouldBe("deploy-failed");
        finding.Severity.ShouldBe(Severity.Critical, "a severity override does not lower a failed deploy command");
        finding.Message.ShouldContain(said);
        finding.Message.ShouldContain("rolled back to v1");
        report.Reason.ShouldNotContain("promote");
        report.Reason.ShouldNotContain("held");
    }

    [Fact]
    public async Task RunAsync_DeployCommandFailureExceptedByPolicy_HoldsExit2NeverPasses()
    {
        var policy = Policy.Default with { Exceptions = [new PolicyException("deploy-failed", "checkout@production", "known flaky installer", "ops", new DateOnly(2099, 1, 1))] };
        var request = new DeployRunRequest("checkout", "v2", "production", "exit 5", "true", LoadSpec(), TimeSpan.FromSeconds(20));

        var report = await Gate().RunAsync(request, _deploys.Context(policy));

        report.Verdict.ShouldBe(Verdict.Hold, "a rolled-back deploy is not safe to promote, whatever the policy excepts");
        report.ExitCode.ShouldBe(2);
        report.Reason.ShouldContain("the deploy command exited 5");
        report.Reason.ShouldNotContain("promote:");
        report.Findings[0].Suppression.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("deploy-failed")]
    [InlineData("*")]
    public async Task RunAsync_DeployFailedDisabledByPolicy_HoldsSayingSoNeverAPass(string rule)
    {
        var policy = Policy.Default with { Rules = new Dictionary<string, RuleSettings>(StringComparer.Ordinal) { [rule] = new() { Enabled = false } } };
        var request = new DeployRunRequest("checkout", "v2", "production", "exit 5", "true", LoadSpec(), TimeSpan.FromSeconds(20));

        var report = await Gate().RunAsync(request, _deploys.Context(policy));

        report.Verdict.ShouldBe(Verdict.Hold, "a disabled rule judges nothing: the deploy failed and was rolled back, never a pass");
        report.ExitCode.ShouldBe(2);
        report.Reason.ShouldStartWith("deploy-failed is disabled by policy (enabled: false), so the failure was not judged, but v2 failed and was not promoted: ");
        report.Reason.ShouldContain("the deploy command exited 5");
        report.Reason.ShouldContain("rolled back to v1");
        report.Reason.ShouldNotContain("excepted");
        (await _deploys.Store.DeploysAsync("checkout", "production")).Select(d => (d.Version, d.Result))
            .ShouldBe([("v1", DeployResult.Success), ("v2", DeployResult.Failed), ("v1", DeployResult.Success)], "the failure and the rollback are recorded all the same");
    }

    [Fact]
    public async Task WatchAsync_NewestDeployRecordedFailed_RefusedNothingRecordedNamesTheRollback()
    {
        var failed = new Deploy("v2", "checkout", "production", "v2", DeployIntent.Planned, T0) { FinishedAt = T0, Result = DeployResult.Failed };
        await _deploys.Store.RecordAsync([new DeployEvent("v2", "test", failed)]);
        _deploys.Clock.Advance(TimeSpan.FromHours(1));
        var marker = Path.Combine(_deploys.WorkingDirectory, "rolled-back");
        var request = new DeployWatchRequest("checkout", "production", LoadSpec(), TimeSpan.FromSeconds(5)) { RollbackCommand = "touch " + marker };

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => Gate().WatchAsync(request, _deploys.Context()));

        error.Message.ShouldBe(
            "v2 of checkout in production is recorded failed: nothing to watch or promote, and nothing was recorded; roll back to v1 and record it with "
            + "tollgate deploy start checkout --version v1 --env production --intent rollback, then tollgate deploy finish checkout --env production --result success");
        File.Exists(marker).ShouldBeFalse();
        (await _deploys.Ledger.RecentAsync(null, 10)).ShouldBeEmpty();
        (await _deploys.Store.DeploysAsync("checkout", "production")).Select(d => (d.Version, d.Result, d.Watch))
            .ShouldBe([("v1", DeployResult.Success, DeployWatch.None), ("v2", DeployResult.Failed, DeployWatch.None)]);
    }
}
