using Tollgate.Canary.Gate;
using Tollgate.Delivery.Running;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// The evidence of a watched or run deploy (kind <c>deploy</c>) for <see cref="GatePipeline"/>: the last look of the
/// watch window, the drill finding, and, when it was rolled back, the <c>watch-window</c> finding that records it.
/// </summary>
public static class DeployReport
{
    public const string Kind = "deploy";

    public const string WatchWindowRule = "watch-window";

    /// <param name="reason">What happened, in words: why it failed, or what the watch said.</param>
    /// <param name="watch">The last look of the watch window (its findings and summary), when the watch ran.</param>
    /// <param name="watchFindings">The look's findings before the policy (the pipeline applies it once, here too).</param>
    public static Evidence Evidence(
        Deploy deploy, string reason, IEnumerable<Finding> findings, Report? watch, IReadOnlyList<Finding> watchFindings, Deploy? rollback, CommandResult? rollbackCommand)
    {
        var all = new List<Finding>();
        if (rollback is not null)
        {
            all.Add(new Finding(WatchWindowRule, Severity.High, $"{deploy.Service}@{deploy.Environment}",
                $"{deploy.Version} of {deploy.Service} failed in {deploy.Environment}: {reason}; rolled back to {rollback.Version}"
                + (rollbackCommand is null ? " (no rollback command given: recorded only)" : $" ({rollbackCommand.Describe()})"))
            {
                Evidence = new Dictionary<string, object?>
                {
                    ["deploy"] = deploy.Id,
                    ["rollback"] = rollback.Id,
                    ["rollbackSucceeded"] = rollbackCommand?.Succeeded,
                    ["rollbackOutput"] = rollbackCommand?.OutputTail,
                },
            });
        }

        all.AddRange(watchFindings);
        all.AddRange(findings);
        var summary = new List<KeyValuePair<string, long>>(watch?.Summary ?? []) { new("rolledBack", rollback is null ? 0 : 1) };
        return new Evidence(Kind, $"{deploy.Service}@{deploy.Environment} {deploy.Version}", watch?.Digest ?? "", all)
        {
            Rules = [.. DeliveryRules.Registrations, .. CanaryRules.Registrations],
            Summary = summary,
            Facts =
            [
                new("deploy", deploy.Id),
                new("intent", deploy.Intent.WireName()),
                .. rollback is null ? [] : new KeyValuePair<string, string>[] { new("rollback", rollback.Id) },
                .. watch?.Facts ?? [],
            ],
            Pending = rollback is null && watch?.Verdict == Verdict.Hold ? reason : null,
            Wording = new DeployWording(rollback is not null || watch is null ? reason : null, "promote: the watch window held: " + reason),
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
