using System.Globalization;
using System.Text;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Drills;

/// <summary>
/// <c>tollgate drill status</c>: every service the ledger knows (from deploys and drills), stalest first, with a
/// <c>drill-stale</c> finding for each whose last successful drill is older than the policy allows.
/// </summary>
public static class DrillStatus
{
    public const string Kind = "drill-status";

    /// <summary>The status through <see cref="GatePipeline"/> (policy applied, recorded), and the table people read.</summary>
    public static async Task<(Report Report, string Text)> RunAsync(IDeliveryStore store, GateContext context)
    {
        var (policy, clock, cancellationToken) = (context.Policy, context.Clock, context.Cancellation);
        var drills = await store.DrillsAsync(null, cancellationToken);
        var services = (await store.DeploysAsync(null, null, cancellationToken)).Select(d => d.Service)
            .Concat(drills.Select(d => d.Service)).Distinct(StringComparer.Ordinal).ToList();
        var now = clock.GetUtcNow();
        var maxAge = policy.Threshold(DeliveryRules.DrillStale, DrillStaleRule.MaxAgeKey, DrillStaleRule.DefaultMaxAgeDays);
        var rows = services
            .Select(s => (Service: s, LastOk: drills.Where(d => d.Service == s && d.Ok).MaxBy(d => d.At), Last: drills.Where(d => d.Service == s).MaxBy(d => d.At)))
            .OrderBy(r => r.LastOk?.At ?? DateTimeOffset.MinValue)
            .ThenBy(r => r.Service, StringComparer.Ordinal)
            .ToList();
        var raw = policy.IsEnabled(DrillStaleRule.Id)
            ? rows.Select(r => DrillStaleRule.Evaluate(r.Service, drills, now, maxAge)).OfType<Finding>().ToList()
            : [];
        var within = maxAge.ToString(CultureInfo.InvariantCulture);
        var evidence = new Evidence(Kind, "drills", Digest(rows.Select(r => (r.Service, r.LastOk?.At)), raw, maxAge), raw)
        {
            Rules = DeliveryRules.Registrations,
            Summary = [new("services", rows.Count), new("stale", raw.Count)],
            Wording = new DrillWording(rows.Count, within),
        };
        var report = await GatePipeline.RunAsync(evidence, context);
        var text = new StringBuilder($"{Headline(report, rows.Count, within, policy.FailOn)}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{"service",-24} {"last successful drill",22} {"age (days)",11}  last drill\n");
        foreach (var (service, lastOk, last) in rows)
        {
            var age = lastOk is null ? "never" : DrillStaleRule.ShownAge((now - lastOk.At).TotalDays, maxAge).ToString(CultureInfo.InvariantCulture);
            var lastText = last is null ? "-" : $"{(last.Ok ? "ok" : "FAILED")} {last.At:yyyy-MM-dd HH:mm}Z{(last.Duration is { } d ? $" in {d.TotalSeconds:0.#} s" : "")}";
            text.Append(CultureInfo.InvariantCulture, $"{TextSafe.Line(service),-24} {(lastOk is null ? "-" : lastOk.At.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture)),22} {age,11}  {lastText}\n");
        }

        return (report, text.ToString());
    }

    /// <summary>
    /// The text's first line: the verdict and its reason; but a pass with stale services (a medium <c>drill-stale</c>,
    /// below the policy's <c>failOn</c>) says why it passes before what is stale, not "PASS: 1 of 3 services without a
    /// successful rollback drill", which reads as a contradiction. The report's reason (JSON) is as before.
    /// </summary>
    public static string Headline(Report report, int services, string within, Severity failOn)
    {
        var stale = report.Findings.Where(f => f.Suppression is null).ToList();
        if (report.Verdict != Verdict.Pass || stale.Count == 0 || report.Approvals.Count > 0)
        {
            return $"{report.Verdict.WireName().ToUpperInvariant()}: {TextSafe.Line(report.Reason)}";
        }

        var severities = string.Join(", ", stale.Select(f => f.Severity).Distinct().Order().Select(s => s.WireName()));
        return $"PASS: no {DrillStaleRule.Id} finding at or above the policy's failOn ({failOn.WireName()}); {stale.Count} of {Counted.Of(services, "service")} "
            + $"{(stale.Count == 1 ? "has" : "have")} no successful rollback drill within {within} days ({severities})";
    }

    /// <summary>
    /// The SHA-256 of what decided the status: each service with its last successful drill, which of them are stale,
    /// and the age allowed. Not the time of asking: the same drills, judged stale the same way, have the same digest
    /// (an approval of it holds until a drill is recorded or another service goes stale).
    /// </summary>
    public static string Digest(IEnumerable<(string Service, DateTimeOffset? LastOk)> services, IEnumerable<Finding> stale, double maxAgeDays)
    {
        var lines = services
            .Select(s => $"service {s.Service} {s.LastOk?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? "never"}")
            .Concat(stale.Select(f => $"stale {f.Address}"))
            .Order(StringComparer.Ordinal)
            .Append("maxDrillAgeDays " + maxAgeDays.ToString(CultureInfo.InvariantCulture));
        return Domain.Reports.ReportDigest.Of(lines);
    }

    /// <summary>How many services lack a recent drill, whatever the verdict (a medium <c>drill-stale</c> warns, a high one fails).</summary>
    private sealed class DrillWording(int services, string within) : IVerdictWording
    {
        public string Reason(Decision decision) => decision.Cause switch
        {
            DecisionCause.Failing or DecisionCause.Clear when services == 0 => "the ledger has no deploy or drill of any service: no service to judge",
            DecisionCause.Failing or DecisionCause.Clear => decision.Total - decision.Excepted == 0
                ? $"{(services == 1 ? "the one service" : $"all {services} services")} had a successful rollback drill within {within} days"
                    + (decision.Excepted > 0 ? $" or {(services == 1 ? "is" : "are")} excepted by policy ({decision.Excepted})" : "")
                : $"{decision.Total - decision.Excepted} of {Counted.Of(services, "service")} without a successful rollback drill within {within} days",
            _ => new DefaultWording().Reason(decision),
        };
    }
}
