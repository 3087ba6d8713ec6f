using System.Globalization;
using Tollgate.Canary.Sources;
using Tollgate.Delivery.Drills;
using Tollgate.Delivery.Running;
using Tollgate.Delivery.Watch;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// Deploy → watch window → promote or roll back. Every step is recorded: the deploy, its failure, the rollback as a
/// deploy that remediates it, and each look of the watch (through <c>record</c>). A deploy command that fails or
/// hangs past its timeout is a failed deploy, rolled back and recorded, never a pass.
/// </summary>
public sealed class DeployGate(IDeliveryStore store, IMetricSource source, Policy policy, TimeProvider clock, TextWriter log, string workingDirectory, Func<Report, Task> record)
{
    public async Task<Report> WatchAsync(DeployWatchRequest request, CancellationToken cancellationToken)
    {
        var history = await store.DeploysAsync(request.Service, request.Environment, cancellationToken);
        var deploy = (history.Count > 0 ? history[^1] : null)
            ?? throw new InvalidInputException($"no deploy of {request.Service} in {request.Environment} is recorded: record it with tollgate deploy start");
        return await WatchAsync(deploy, request.Spec, request.Window, request.MaxWait, request.RollbackCommand, request.Timeout, [], cancellationToken);
    }

    public async Task<Report> RunAsync(DeployRunRequest request, CancellationToken cancellationToken)
    {
        var drill = await DrillFindingsAsync(request.Service, cancellationToken);
        var at = clock.GetUtcNow();
        var id = string.Create(CultureInfo.InvariantCulture, $"{request.Service}/{request.Environment}/{request.Version}@{at.ToUnixTimeMilliseconds()}");
        var deploy = new Deploy(id, request.Service, request.Environment, request.Version, request.Intent, at) { Changes = request.Changes };
        if (drill.Any(Blocks))
        {
            return DeployReport.Build(deploy, Verdict.Fail, "refused before deploying: " + drill.First(Blocks).Message, drill, null, null, null);
        }

        await store.RecordAsync([new DeployEvent(id, "tollgate.deploy.started", deploy)], cancellationToken);
        await log.WriteLineAsync($"deploying {request.Version} of {request.Service} to {request.Environment}: {request.DeployCommand}");
        var deployed = await ShellCommand.RunAsync(request.DeployCommand, request.Timeout, log, workingDirectory, cancellationToken);
        var finished = await store.FinishAsync(request.Service, request.Environment, deployed.Succeeded ? DeployResult.Success : DeployResult.Failed, clock.GetUtcNow(), cancellationToken)
            ?? deploy;
        if (!deployed.Succeeded)
        {
            var reason = $"the deploy command {deployed.Describe()}";
            var (command, rollback) = await Rollback.RunAsync(store, finished, request.RollbackCommand, request.Timeout, log, workingDirectory, clock, cancellationToken);
            return DeployReport.Build(finished, Verdict.Fail, reason, drill, null, rollback, command);
        }

        return await WatchAsync(finished, request.Spec, request.Window, request.MaxWait, request.RollbackCommand, request.Timeout, drill, cancellationToken);
    }

    private async Task<Report> WatchAsync(
        Deploy deploy, Canary.Spec.CanarySpec spec, TimeSpan? window, TimeSpan? maxWait, string? rollbackCommand, TimeSpan timeout, IReadOnlyList<Finding> extra, CancellationToken cancellationToken)
    {
        var watch = new WatchWindow(spec, source, window, clock, log);
        var judged = await watch.RunAsync(deploy.FinishedAt ?? deploy.StartedAt, maxWait ?? watch.Length * 2, record, cancellationToken);
        var findings = judged.Findings.Concat(extra).ToList();
        if (judged.Verdict != Verdict.Fail)
        {
            var verdict = judged.Verdict == Verdict.Pass && extra.Any(Blocks) ? Verdict.Fail : judged.Verdict;
            var reason = judged.Verdict == Verdict.Pass ? "promote: the watch window held: " + judged.Reason : judged.Reason;
            return DeployReport.Build(deploy, verdict, reason, findings, judged, null, null);
        }

        var (command, rollback) = await Rollback.RunAsync(store, deploy, rollbackCommand, timeout, log, workingDirectory, clock, cancellationToken);
        return DeployReport.Build(deploy, Verdict.Fail, "the watch window failed: " + judged.Reason, findings, judged, rollback, command);
    }

    /// <summary>The <c>drill-stale</c> finding of a service after the policy (severity, exceptions, <c>maxDrillAgeDays</c>).</summary>
    private async Task<IReadOnlyList<Finding>> DrillFindingsAsync(string service, CancellationToken cancellationToken)
    {
        if (!policy.IsEnabled(DrillStaleRule.Id))
        {
            return [];
        }

        var drills = await store.DrillsAsync(service, cancellationToken);
        var maxAge = policy.Threshold(DrillStaleRule.Id, "maxDrillAgeDays", DrillStaleRule.DefaultMaxAgeDays);
        var finding = DrillStaleRule.Evaluate(service, drills, clock.GetUtcNow(), maxAge);
        return finding is null ? [] : PolicyApplication.Apply(policy, [finding], clock).Findings;
    }

    private bool Blocks(Finding finding) => finding.Suppression is null && finding.Severity >= policy.FailOn;
}
