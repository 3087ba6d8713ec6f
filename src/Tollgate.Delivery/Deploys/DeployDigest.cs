using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// The digest of a deploy's report: the SHA-256 of what decided its verdict, one canonical line each. Always the change
/// (service, environment, version, intent, the commits shipped) and the basis of a <c>drill-stale</c> finding (the last
/// successful drill, not its age, so an approval still matches tomorrow); once the deploy ran, its id and result, the
/// watch's digest (its spec and window, as a canary report's) and the rollback (the version rolled back to, or none).
/// A deploy refused before it ran has no id yet, so the same refused change has the same digest on every run.
/// </summary>
public static class DeployDigest
{
    public static string Of(Deploy deploy, IEnumerable<Finding> drill, Report? watch, RollbackOutcome? rollback)
    {
        var lines = new List<string> { $"deploy {deploy.Service} {deploy.Environment} {deploy.Version} {deploy.Intent.WireName()}" };
        lines.AddRange(deploy.Changes
            .Select(c => $"change {c.Id} {c.CommittedAt?.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) ?? "-"}")
            .Order(StringComparer.Ordinal));
        lines.AddRange(drill
            .Select(f => $"{f.Rule} {f.Address} {Text(f.Evidence, "lastSuccessfulDrill")} {Text(f.Evidence, "maxDrillAgeDays")}")
            .Order(StringComparer.Ordinal));
        if (watch is not null || rollback is not null)
        {
            lines.Add($"ran {deploy.Id} {(rollback?.Failed ?? deploy).Result.WireName()}");
        }

        if (watch is not null)
        {
            lines.Add($"watch {watch.Digest}");
        }

        if (rollback is not null)
        {
            lines.Add(rollback.Recorded is { } recorded ? $"rollback {recorded.Version} {recorded.Result.WireName()}"
                : rollback.SupersededBy is { } newer ? $"rollback none: superseded by {newer.Id}"
                : rollback.Stopped ? "rollback none: stopped"
                : "rollback none: nothing to roll back to");
        }

        return Domain.Reports.ReportDigest.Of(lines);
    }

    private static string Text(IReadOnlyDictionary<string, object?> evidence, string key) =>
        evidence.TryGetValue(key, out var value) && value is not null
            ? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "-"
            : "-";
}
