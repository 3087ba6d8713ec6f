using System.Security.Cryptography;
using System.Text;
using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Judgement;
using Tollgate.Canary.Spec;
using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Canary.Reporting;

/// <summary>
/// Turns a judgement into the shared report core (kind <c>canary</c>): the summary counts slices by verdict, and every
/// check is a finding (<c>relative</c>, <c>slo</c>, <c>min-samples</c>, <c>no-data</c>) with its evidence.
/// </summary>
public static class CanaryReport
{
    public const string Kind = "canary";

    public static Report Build(CanarySpec spec, CanaryJudgement judgement, EvaluationWindow window, string source)
    {
        var findings = judgement.Unavailable
            .Select(reason => new Finding("no-data", Severity.Medium, "source", $"metric source unavailable: {reason}")
            {
                Evidence = new Dictionary<string, object?> { ["source"] = source, ["reason"] = reason },
            })
            .Concat(judgement.Warned.Select(reason => new Finding("no-data", Severity.Medium, "source", $"metric source unavailable: {reason}")
            {
                // The source answered, with warnings: "warned" tells it apart from a source that did not answer.
                Evidence = new Dictionary<string, object?> { ["source"] = source, ["reason"] = reason, ["warned"] = true },
            }))
            .Concat(judgement.Checks.Select(c => ToFinding(spec, c)))
            .ToList();
        var summary = new List<KeyValuePair<string, long>>
        {
            new("slices", judgement.Slices.Count),
            new("pass", judgement.Slices.Count(s => s.Value == Verdict.Pass)),
            new("hold", judgement.Slices.Count(s => s.Value == Verdict.Hold)),
            new("fail", judgement.Slices.Count(s => s.Value == Verdict.Fail)),
        };
        return new Report(Kind, spec.Path, Digest(spec, window), judgement.Verdict, summary, findings)
        {
            Reason = judgement.Reason,
            Facts =
            [
                new("source", source),
                new("windowStart", Rfc3339.Format(window.Start)),
                new("windowEnd", Rfc3339.Format(window.End)),
                new("window", PromDuration.Format(spec.Window)),
                new("interval", PromDuration.Format(spec.Interval)),
                new("windowComplete", judgement.WindowComplete ? "true" : "false"),
                new("minSamples", spec.MinSamples.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("confidence", SpecLoader.Invariant(spec.Confidence)),
                new("correction", spec.Correction == Correction.Holm ? "holm" : "benjamini-hochberg"),
                new("tests", judgement.Checks.Where(c => c.Judged).Select(c => (c.Slice.ToString(), c.Metric)).Distinct().Count().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ],
        };
    }

    /// <summary>The spec's text and the window's end: the same spec judged at the same time has the same digest.</summary>
    public static string Digest(CanarySpec spec, EvaluationWindow window)
    {
        var text = spec.Text + "\n" + window.Start.ToUnixTimeSeconds() + "\n" + window.End.ToUnixTimeSeconds();
        return Domain.Reports.ReportDigest.Of(text);
    }

    private static Finding ToFinding(CanarySpec spec, CheckResult c)
    {
        var severity = c.Status switch
        {
            CheckStatus.Worse => Severity.High,
            CheckStatus.Exceeds => Severity.Medium,
            CheckStatus.NoData or CheckStatus.MinSamples => Severity.Low,
            _ => Severity.Info,
        };
        return new Finding(c.Rule, severity, c.Slice.ToString(), CheckText.Headline(c) + (c.Status == CheckStatus.Exceeds ? CheckText.More(c, spec.Interval) : CanaryJudge.NotShownWithin(c, spec.Interval)))
        {
            Module = c.Metric,
            Evidence = Evidence(spec, c),
            // A relative or SLO check that did not roll back: a severity override weighs the check that does.
            KeepsSeverity = c.Status is CheckStatus.Within or CheckStatus.Exceeds,
        };
    }

    private static Dictionary<string, object?> Evidence(CanarySpec spec, CheckResult c)
    {
        var evidence = new Dictionary<string, object?>
        {
            ["slice"] = c.Slice.Labels.ToDictionary(kv => kv.Key, kv => (object?)kv.Value),
            ["metric"] = c.Metric,
            ["status"] = StatusName(c.Status),
            ["baseline"] = Group(c.BaselineValue, c.BaselineCount, c.BaselineEvents, null),
            ["canary"] = Group(c.CanaryValue, c.CanaryCount, c.CanaryEvents, c.CanaryInterval),
        };
        if (!c.Judged)
        {
            evidence["reason"] = c.Detail;
            evidence["minSamples"] = c.Below?.Floor ?? spec.MinSamples;
            if (c.Below is { } below)
            {
                evidence["below"] = below.Groups.ToArray();
            }

            return evidence;
        }

        evidence["ratio"] = c.Ratio;
        evidence["ratioInterval"] = new[] { c.RatioInterval.Lower, c.RatioInterval.Upper };
        evidence["bound"] = c.Bound;
        // Within bounds and shown so (the interval's upper end at or under the bound), or not shown worse only.
        evidence["shownWithinBounds"] = CanaryJudge.ShownWithin(c);
        // Only not shown worse: about how many more canary requests would show it within bounds (an estimate); else null.
        evidence["moreForWithinBounds"] = c.MoreForWithinBounds;
        evidence["confidence"] = spec.Confidence;
        evidence["intervalLevel"] = 1 - 2 * c.Level;
        evidence["nominalLevel"] = c.Level;
        evidence["look"] = c.Looks.Look;
        evidence["looks"] = c.Looks.Looks;
        evidence["pValue"] = c.PValue;
        evidence["slicePValue"] = c.MemberPValue;
        evidence["decisionPValue"] = c.DecisionPValue;
        evidence["adjustedPValue"] = c.AdjustedPValue;
        evidence["correction"] = spec.Correction == Correction.Holm ? "holm" : "benjamini-hochberg";
        evidence["test"] = c.Test;
        if (!double.IsNaN(c.HomogeneityPValue))
        {
            evidence["baselineHomogeneityPValue"] = c.HomogeneityPValue;
            evidence["borrowedBaselineRequests"] = c.BorrowedRequests;
        }

        if (spec.OverTime)
        {
            evidence["dispersion"] = c.Dispersion;
            evidence["burstLeftOut"] = new Dictionary<string, object?> { ["baseline"] = c.LeftOut.Baseline + 1, ["canary"] = c.LeftOut.Canary + 1 };
        }

        if (c.MoreCanaryRequests is { } more)
        {
            evidence["moreCanaryRequests"] = more;
        }
        return evidence;
    }

    private static Dictionary<string, object?> Group(double value, long count, long? events, (double Lower, double Upper)? interval)
    {
        var group = new Dictionary<string, object?> { ["value"] = value, ["count"] = count };
        if (events is { } e)
        {
            group["events"] = e;
        }

        if (interval is { } i && !double.IsNaN(i.Lower))
        {
            group["interval"] = new[] { i.Lower, i.Upper };
        }

        return group;
    }

    internal static string StatusName(CheckStatus status) => status switch
    {
        CheckStatus.Worse => "worse",
        CheckStatus.Exceeds => "exceeds",
        CheckStatus.MinSamples => "min-samples",
        CheckStatus.NoData => "no-data",
        _ => "within",
    };
}
