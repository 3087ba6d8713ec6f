using System.Globalization;
using Tollgate.Canary.Spec;

namespace Tollgate.Canary.Judgement;

/// <summary>
/// How a check reads to people, slice first:
/// "tenant=acme endpoint=/pay: error rate 3.1x baseline (0.62% vs 0.20%, 99.6% CI 2.2x-4.4x)". The interval's level is
/// the one the verdict used: the family's and the looks' share of α, so it excludes the null exactly when the test crossed.
/// The lower end, the estimate and the upper end print with the digits that keep them on their true side of what they
/// are compared with (the lower end with the null 1 or the SLO, the estimate and the upper end with <c>maxRatio</c> or
/// the SLO): "CI 1.02x-3.8x" beside a roll back, "CI 0.99x-3.6x" beside a hold, "CI 0.9x-1.503x" beside a promote only
/// not shown within 1.5x.
/// </summary>
public static class CheckText
{
    public static string Headline(CheckResult c)
    {
        var metric = c.Metric.Replace('-', ' ');
        var level = Level(c.Level);
        return c.Rule switch
        {
            "relative" => $"{c.Slice}: {metric} {Times(c.Ratio, c.Bound)} baseline ({Value(c.CanaryValue, c.Unit)} vs {Baseline(c)}, {level} CI {Times(c.RatioInterval.Lower, 1)}-{Times(c.RatioInterval.Upper, c.Bound)}{Widened(c.Dispersion)})",
            "slo" => $"{c.Slice}: {metric} {Value(c.CanaryValue, c.Unit, c.Bound)} {(c.CanaryValue > c.Bound ? "above" : "within")} the SLO {Value(c.Bound, c.Unit)} ({level} CI {Value(c.CanaryInterval.Lower, c.Unit, c.Bound)}-{Value(c.CanaryInterval.Upper, c.Unit, c.Bound)}{Widened(c.Dispersion)})",
            _ => $"{c.Slice}: {metric}: {c.Detail}",
        };
    }

    /// <summary>
    /// The baseline the ratio was taken against: its rate ("0.20%", "0.19% pooled"), or, when it had no errors and borrowed
    /// none, its counts ("0 errors in 6,000"): the ratio then stands on the posterior's mean, one error's worth.
    /// </summary>
    private static string Baseline(CheckResult c) =>
        c.BaselineEvents == 0 && c.BorrowedRequests <= 0 && c.Unit == "%"
            ? $"0 errors in {c.BaselineCount.ToString("N0", CultureInfo.InvariantCulture)}"
            : Value(c.BaselineValue, c.Unit) + (c.BorrowedRequests > 0 ? " pooled" : "");

    /// <summary>
    /// Before and after a change, beside an interval: ", widened ≈2.4x by the baseline's dispersion over time 5.6" (its
    /// counts divided by it, <see cref="OverTime.Dispersion"/>, so its width on a log scale is about √5.6 = 2.4 times
    /// what Poisson counts give); "" at 1 (side by side, or a service that varies no more than Poisson counts).
    /// </summary>
    public static string Widened(double dispersion) =>
        dispersion > 1 ? string.Create(CultureInfo.InvariantCulture, $", widened ≈{Math.Sqrt(dispersion):0.0}x by the baseline's dispersion over time {dispersion:0.##}") : "";

    /// <summary>
    /// A promote or hold whose intervals are widened by the baseline's dispersion over time: why, and by how much, so a
    /// wide interval is not read as too little traffic alone: "; intervals widened ≈2.4x (√5.6) by the baseline's
    /// dispersion over time: counts divided by 5.6, the upper 90% bound of its estimate (few minutes judged make it
    /// large even when the service varies no more than Poisson counts)"; "" at 1.
    /// </summary>
    public static string WidenedBecause(double dispersion) =>
        dispersion > 1
            ? string.Create(CultureInfo.InvariantCulture, $"; intervals widened ≈{Math.Sqrt(dispersion):0.0}x (√{dispersion:0.##}) by the baseline's dispersion over time: counts divided by {dispersion:0.##}, the upper {OverTime.DispersionConfidence * 100:0}% bound of its estimate (few minutes judged make it large even when the service varies no more than Poisson counts)")
            : "";

    /// <summary>"; about 12,000 more canary requests (≈7m at the current rate) would decide it", or "" when unknown.</summary>
    public static string More(CheckResult c, TimeSpan interval)
    {
        if (c.MoreCanaryRequests is not { } more)
        {
            return c.Status != CheckStatus.Exceeds ? ""
                : c.Detail.Length > 0 ? "; " + c.Detail
                : "; more traffic at the current rates would not decide it";
        }

        if (more <= 0)
        {
            return "; the evidence at this rate decides it by the window's end";
        }

        return $"; ≈{more.ToString("N0", CultureInfo.InvariantCulture)} more canary requests{AtRate(c, more, interval)} would decide it";
    }

    /// <summary>
    /// For a check only not shown worse: "; an estimate if the rates stay: ≈6,342 more canary requests (≈1h4m at the
    /// current rate) would show it within bounds", or "" when there is none (<see cref="WithinBoundsEstimate"/>).
    /// </summary>
    public static string MoreForWithinBounds(CheckResult c, TimeSpan interval) =>
        c.MoreForWithinBounds is not { } more || more <= 0 ? ""
        : $"; an estimate if the rates stay: ≈{more.ToString("N0", CultureInfo.InvariantCulture)} more canary requests{AtRate(c, more, interval)} would show it within bounds";

    /// <summary>" (≈7m at the current rate)": how long the canary's traffic so far per interval takes to send <paramref name="more"/>.</summary>
    private static string AtRate(CheckResult c, double more, TimeSpan interval)
    {
        var perInterval = c.CanaryCount / (double)Math.Max(1, c.Looks.Look);
        return perInterval > 0 && interval > TimeSpan.Zero ? $" (≈{PromDuration.Format(TimeSpan.FromSeconds(Math.Ceiling(more / perInterval * interval.TotalSeconds / 60) * 60))} at the current rate)" : "";
    }

    /// <summary>
    /// A two-sided level from a one-sided nominal level ν: 1 − 2ν as a percentage, "99.6%". A level short of 100% never
    /// reads as 100% (an unbounded interval): an early look's, spent on a sliver of α, is "99.99996%", and one closer to
    /// 100% than that is "&gt;99.99999%".
    /// </summary>
    public static string Level(double oneSided)
    {
        if (double.IsNaN(oneSided))
        {
            return "n/a";
        }

        var percent = 100 * (1 - 2 * oneSided);
        var text = percent.ToString(percent >= 99.99 ? "0.####" : percent >= 99.9 ? "0.###" : "0.##", CultureInfo.InvariantCulture);
        if (text == "100" && oneSided > 0)
        {
            text = percent.ToString("0.#######", CultureInfo.InvariantCulture);
            text = text == "100" ? ">99.99999" : text;
        }

        return text + "%";
    }

    public static string Times(double ratio) => Times(ratio, double.NaN);

    /// <summary>A ratio, "2.1x", with more decimals while fewer would put it on the wrong side of <paramref name="reference"/>.</summary>
    public static string Times(double ratio, double reference) => double.IsNaN(ratio) ? "n/a"
        : double.IsPositiveInfinity(ratio) ? "∞"
        : Reporting.SideDigits.Format(ratio, reference, ratio >= 10 ? "0" : "0.0") + "x";

    /// <summary>A value as it prints; an unbounded interval end (+∞) is "∞", whatever the unit.</summary>
    public static string Value(double value, string unit) => Value(value, unit, double.NaN);

    /// <summary>A value as it prints, with more decimals while fewer would put it on the wrong side of <paramref name="reference"/>.</summary>
    public static string Value(double value, string unit, double reference) => double.IsNaN(value) ? "n/a" : double.IsPositiveInfinity(value) ? "∞" : unit switch
    {
        "%" => Reporting.SideDigits.Format(value * 100, reference * 100, value < 0.0001 && value > 0 ? "0.####" : "0.00", value < 0.0001 && value > 0 ? '#' : '0') + "%",
        "s" => value < 1 ? Reporting.SideDigits.Format(value * 1000, reference * 1000, "0.#", '#') + "ms" : Reporting.SideDigits.Format(value, reference, "0.###", '#') + "s",
        _ => Reporting.SideDigits.Format(value, reference, "0.####", '#'),
    };
}
