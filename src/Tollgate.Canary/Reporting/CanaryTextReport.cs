using System.Globalization;
using System.Text;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Canary.Reporting;

/// <summary>
/// The canary report for people: the decision in deploy words (promote / hold / roll back), the reason naming the bad
/// slice first, then every check that is not shown within bounds (worse, beyond a bound, not judged, or within but with an
/// interval that reaches past the bound), worst first, and a count of the rest. Text from outside
/// (slice names from Prometheus' labels, its error messages, the spec's path) is shown with its control characters
/// escaped (<see cref="TextSafe"/>): a newline in a label cannot start a forged line, an escape cannot clear the screen.
/// </summary>
public static class CanaryTextReport
{
    public static string Words(Verdict verdict) => verdict switch
    {
        Verdict.Pass => "promote",
        Verdict.Fail => "roll back",
        _ => "hold",
    };

    public static string Render(Report report)
    {
        var text = new StringBuilder();
        var facts = report.Facts.ToDictionary(kv => kv.Key, kv => kv.Value);
        text.Append(CultureInfo.InvariantCulture, $"{Words(report.Verdict).ToUpperInvariant()}  canary {TextSafe.Line(report.Subject)}");
        text.Append(CultureInfo.InvariantCulture, $"  (window {facts.GetValueOrDefault("window")} ending {facts.GetValueOrDefault("windowEnd")})\n");
        text.Append(CultureInfo.InvariantCulture, $"  {TextSafe.Line(report.Reason)}\n");
        var s = report.Summary.ToDictionary(kv => kv.Key, kv => kv.Value);
        text.Append(CultureInfo.InvariantCulture,
            $"  {Counted.Of(s.GetValueOrDefault("slices"), "slice")}: {s.GetValueOrDefault("pass")} promote, {s.GetValueOrDefault("hold")} hold{(s.GetValueOrDefault("hold") > 0 && report.Verdict == Verdict.Pass ? " (excepted by policy)" : "")}, {s.GetValueOrDefault("fail")} roll back{(s.GetValueOrDefault("fail") > 0 && report.Verdict != Verdict.Fail ? " (held under the policy)" : "")}; ");
        // The judge's count: the report's findings leave out a rule the policy disables.
        var judged = int.TryParse(facts.GetValueOrDefault("tests"), NumberStyles.None, CultureInfo.InvariantCulture, out var tests) ? tests
            : report.Findings.Where(f => f.Evidence.ContainsKey("adjustedPValue")).Select(f => (f.Address, f.Module)).Distinct().Count();
        var correction = facts.GetValueOrDefault("correction") == "holm" ? "Holm" : "Benjamini-Hochberg";
        text.Append(CultureInfo.InvariantCulture,
            $"{Confidence(facts.GetValueOrDefault("confidence"))} confidence, {correction} across {judged} slice-metric test{(judged == 1 ? "" : "s")}, alpha spent over the looks, minSamples {facts.GetValueOrDefault("minSamples")}\n");
        // Every check not shown within bounds: worse, beyond a bound, not judged, or within whose interval reaches past it.
        var notWithin = report.Findings.Where(f => f.Severity > Severity.Info || NotShown(f)).ToList();
        if (notWithin.Count > 0)
        {
            text.Append('\n');
        }

        foreach (var finding in notWithin)
        {
            var label = finding.Suppression is not null ? "excepted" : finding.Severity switch
            {
                Severity.High or Severity.Critical => "roll back",
                Severity.Info => "not shown",
                _ => "hold",
            };
            text.Append(CultureInfo.InvariantCulture, $"  {label,-9}  {finding.Rule,-11}  {TextSafe.Line(finding.Message)}{Stats(finding)}\n");
            if (finding.Suppression is { } suppression)
            {
                // As a plan's text report marks it: the check is shown, and it does not count.
                text.Append(CultureInfo.InvariantCulture, $"  {"",-9}  {"",-11}  excepted: {TextSafe.Line(suppression.Describe())}\n");
            }
        }

        var within = report.Findings.Count - notWithin.Count;
        if (within > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {within} check{(within == 1 ? "" : "s")} shown within bounds\n");
        }

        // What the judgement rests on that no finding says (the source's infos, a replay's unrecorded question), as every other format shows it.
        if (report.Notes.Count > 0)
        {
            text.Append('\n');
            foreach (var note in report.Notes)
            {
                text.Append(CultureInfo.InvariantCulture, $"  note: {TextSafe.Line(note)}\n");
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"\n  digest {report.Digest}\n");
        return text.ToString();
    }

    /// <summary>A check within bounds whose interval still reaches past its bound: not shown worse, not shown within either.</summary>
    private static bool NotShown(Finding finding) =>
        finding.Evidence.TryGetValue("shownWithinBounds", out var shown) && shown is false;

    private static string Stats(Finding finding)
    {
        if (!finding.Evidence.TryGetValue("adjustedPValue", out var adjusted) || adjusted is not double p)
        {
            return "";
        }

        var look = finding.Evidence.TryGetValue("look", out var l) && finding.Evidence.TryGetValue("looks", out var ls) ? $"look {l}/{ls}, " : "";
        return $"  [p={Short((double)finding.Evidence["pValue"]!)}, slice p={Short((double)finding.Evidence["slicePValue"]!)}, {look}adjusted {Short(p)}]";
    }

    private static string Short(double value) => value switch
    {
        double.PositiveInfinity => ">1e308",
        0 => "<1e-300",
        >= 0.001 and < 1000 => value.ToString("0.###", CultureInfo.InvariantCulture),
        _ => value.ToString("0.#e0", CultureInfo.InvariantCulture),
    };

    private static string Confidence(string? level) =>
        double.TryParse(level, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) ? (c * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "?";
}
