using Tollgate.Delivery.Running;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Delivery.Deploys;

/// <summary>The report of a watched or run deploy (kind <c>deploy</c>); a failure carries the <c>watch-window</c> finding.</summary>
public static class DeployReport
{
    public const string Kind = "deploy";

    public const string WatchWindowRule = "watch-window";

    public static Report Build(Deploy deploy, Verdict verdict, string reason, IEnumerable<Finding> findings, Report? watch, Deploy? rollback, CommandResult? rollbackCommand)
    {
        var all = findings.ToList();
        if (verdict == Verdict.Fail && rollback is not null)
        {
            all.Insert(0, new Finding(WatchWindowRule, Severity.High, $"{deploy.Service}@{deploy.Environment}",
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

        var summary = new List<KeyValuePair<string, long>>(watch?.Summary ?? []) { new("rolledBack", rollback is null ? 0 : 1) };
        return new Report(Kind, $"{deploy.Service}@{deploy.Environment} {deploy.Version}", watch?.Digest ?? "", verdict, summary, all)
        {
            Reason = reason,
            Facts =
            [
                new("deploy", deploy.Id),
                new("intent", deploy.Intent.WireName()),
                .. rollback is null ? [] : new KeyValuePair<string, string>[] { new("rollback", rollback.Id) },
                .. watch?.Facts ?? [],
            ],
        };
    }
}
