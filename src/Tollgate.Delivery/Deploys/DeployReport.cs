using Tollgate.Canary.Gate;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// The evidence of a watched or run deploy (kind <c>deploy</c>) for <see cref="GatePipeline"/>: the last look of the
/// watch window, the drill finding, and, when it failed, the finding that records it and its rollback (or that there was
/// nothing to roll back to): <c>watch-window</c> when its watch failed, <c>deploy-failed</c> when its deploy command did. The digest is <see cref="DeployDigest"/>'s.
/// </summary>
public static class DeployReport
{
    public const string Kind = "deploy";

    /// <summary>The subject a deploy's verdicts are recorded under (<c>checkout@production v2</c>), found again by it.</summary>
    public static string Subject(Deploy deploy) => $"{deploy.Service}@{deploy.Environment} {deploy.Version}";

    public const string WatchWindowRule = "watch-window";

    /// <summary>
    /// A deploy command that failed or timed out. Critical, and its severity is an outcome (<see cref="Finding.KeepsSeverity"/>):
    /// a policy that lowers the watch's rules to tolerate noisy SLIs cannot turn a broken deploy into a pass.
    /// </summary>
    public const string DeployFailedRule = "deploy-failed";

    /// <param name="reason">What happened, in words: why it failed, or what the watch said.</param>
    /// <param name="findings">The deploy's own findings (<c>drill-stale</c>).</param>
    /// <param name="watch">The last look of the watch window (its findings and summary), when the watch ran.</param>
    /// <param name="watchFindings">The look's findings before the policy (the pipeline applies it once, here too).</param>
    /// <param name="rollback">When the deploy failed: what became of it (rolled back, or nothing to roll back to). With no
    /// <paramref name="watch"/>, its deploy command failed (<c>deploy-failed</c>); with one, its watch did (<c>watch-window</c>).</param>
    public static Evidence Evidence(
        Deploy deploy, string reason, IReadOnlyList<Finding> findings, Report? watch, IReadOnlyList<Finding> watchFindings, RollbackOutcome? rollback)
    {
        var all = new List<Finding>();
        var failed = rollback is null ? null : Failed(deploy, reason, rollback, watch is null);
        if (failed is not null)
        {
            all.Add(failed);
        }

        all.AddRange(watchFindings);
        all.AddRange(findings);
        var summary = new List<KeyValuePair<string, long>>(watch?.Summary ?? []) { new("rolledBack", rollback?.RolledBack == true ? 1 : 0) };
        var excepted = $"the failure is excepted by policy, but {deploy.Version} failed and was not promoted: {reason}";
        return new Evidence(Kind, Subject(deploy), DeployDigest.Of(deploy, findings, watch, rollback), all)
        {
            Rules = [.. DeliveryRules.Registrations, .. CanaryRules.Registrations],
            Summary = summary,
            Facts =
            [
                new("deploy", deploy.Id),
                new("intent", deploy.Intent.WireName()),
                .. rollback?.Recorded is { } recorded ? new KeyValuePair<string, string>[] { new("rollback", recorded.Id) } : [],
                .. watch?.Facts ?? [],
            ],
            // A failed deploy whose failure the policy excepts holds, as an excepted canary or KPI regression does: it
            // was not promoted (rolled back, or its command failed), so it is never a pass that is safe to promote.
            Pending = rollback is not null ? excepted
                : watch?.Verdict == Verdict.Hold ? reason
                : null,
            // A rule the policy disables (enabled: false) drops its finding: the failure was not judged, which is no pass
            // either. The hold says so, and what became of the deploy (the dropped finding's words), not "excepted".
            PendingUnderPolicy = failed is null ? null
                : applied => applied.Any(f => f.Rule == failed.Rule)
                    ? excepted
                    : $"{failed.Rule} is disabled by policy (enabled: false), so the failure was not judged, but {deploy.Version} failed and was not promoted: {failed.Message}",
            Wording = new DeployWording(
                rollback is not null || watch is null ? reason : null,
                // Only a watch that passed promotes: what failed and was rolled back passes by the policy's leave, never "passed".
                rollback is null && watch is not null ? "promote: the watch window passed: " + reason : $"not promoted, passed only by the policy: {reason}"),
        };
    }

    /// <summary>The finding of a failed deploy (<c>deploy-failed</c> or <c>watch-window</c>): what failed, and the rollback or why there was none.</summary>
    private static Finding Failed(Deploy deploy, string reason, RollbackOutcome rollback, bool commandFailed)
    {
        var (service, environment) = (deploy.Service, deploy.Environment);
        var why = rollback.Target?.Note();
        var note = why is null ? "" : "; " + why;
        var outcome = rollback is { UnderWay: true, Recorded: { } begun }
            ? $"rolling back to {begun.Version}{(why is null ? "" : $" ({why})")}: its command is under way; how it ended is recorded with the rollback ({begun.Id}) and in this deploy's next verdict"
            : rollback.Recorded is { } recorded
            ? rollback.Command is { Succeeded: false } failed
                ? $"the rollback to {recorded.Version}{(why is null ? "" : $" ({why})")} failed ({failed.Describe()}), so {deploy.Version} may still be live: roll back by hand"
                : $"rolled back to {recorded.Version}" + (rollback.Command is { } command ? $" ({command.Describe()}{note})" : $" (no rollback command given: recorded only{note})")
            : rollback.SupersededBy is { } newer
                ? $"not rolled back: {(newer.Intent == DeployIntent.Rollback ? "a rollback to " : "")}{newer.Version} superseded it ({newer.Id}), so the rollback command was not run and no rollback is recorded"
            : rollback.Stopped
                ? $"not rolled back: Tollgate was stopped, so {deploy.Version} may be partly deployed" + (rollback.Target is { } target ? $"; roll back to {target.Deploy.Version} by hand and record it (deploy start --intent rollback, deploy finish --result success)" : "")
            : $"nothing to roll back to: no earlier successful deploy of another version of {service} in {environment} that no rollback undid is recorded, so the rollback command was not run and {deploy.Version} may still be live";
        var message = $"{deploy.Version} of {service} failed in {environment}: {reason}; {outcome}";
        var finding = commandFailed
            ? new Finding(DeployFailedRule, Severity.Critical, $"{service}@{environment}", message) { KeepsSeverity = true }
            : new Finding(WatchWindowRule, Severity.High, $"{service}@{environment}", message);
        return finding with
        {
            Evidence = new Dictionary<string, object?>
            {
                ["deploy"] = deploy.Id,
                ["rollback"] = rollback.Recorded?.Id,
                ["supersededBy"] = rollback.SupersededBy?.Id,
                ["rollbackVersion"] = rollback.Recorded?.Version,
                ["rollbackVerified"] = rollback.Target?.Verified,
                ["passedOver"] = rollback.Target?.PassedOver.Select(d => d.Id).ToList(),
                ["rollbackSucceeded"] = rollback.Command?.Succeeded,
                ["rollbackUnderWay"] = rollback.UnderWay ? true : null,
                ["rollbackOutput"] = rollback.Command?.OutputTail,
            },
        };
    }

    /// <summary>A deploy's decision in words: what happened to it when it failed or held, the watch's words when it promotes.</summary>
    private sealed class DeployWording(string? failing, string clear) : IVerdictWording
    {
        public string Reason(Decision decision) => decision.Cause switch
        {
            DecisionCause.Failing => failing ?? DefaultWording.Failing(decision),
            DecisionCause.Clear => clear,
            _ => new DefaultWording().Reason(decision),
        };
    }
}
