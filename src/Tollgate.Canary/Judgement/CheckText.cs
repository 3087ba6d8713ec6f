using System.Globalization;

namespace Tollgate.Canary.Judgement;

/// <summary>
/// How a check reads to people, slice first:
/// "tenant=acme endpoint=/pay: error rate 3.1x baseline (0.62% vs 0.20%, 95% CI 2.2x-4.4x)".
/// </summary>
public static class CheckText
{
    public static string Headline(CheckResult c, double confidence = 0.95)
    {
        var metric = c.Metric.Replace('-', ' ');
        var level = (confidence * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
        return c.Rule switch
        {
            "relative" => $"{c.Slice}: {metric} {Times(c.Ratio)} baseline ({Value(c.CanaryValue, c.Unit)} vs {Value(c.BaselineValue, c.Unit)}, {level} CI {Times(c.RatioInterval.Lower)}-{Times(c.RatioInterval.Upper)})",
            "slo" => $"{c.Slice}: {metric} {Value(c.CanaryValue, c.Unit)} {(c.CanaryValue > c.Bound ? "above" : "within")} the SLO {Value(c.Bound, c.Unit)} ({level} CI {Value(c.CanaryInterval.Lower, c.Unit)}-{Value(c.CanaryInterval.Upper, c.Unit)})",
            _ => $"{c.Slice}: {metric}: {c.Detail}",
        };
    }

    public static string Times(double ratio) => double.IsNaN(ratio) ? "n/a"
        : double.IsPositiveInfinity(ratio) ? "∞"
        : ratio.ToString(ratio >= 10 ? "0" : "0.0", CultureInfo.InvariantCulture) + "x";

    public static string Value(double value, string unit) => double.IsNaN(value) ? "n/a" : unit switch
    {
        "%" => (value * 100).ToString(value < 0.0001 && value > 0 ? "0.####" : "0.00", CultureInfo.InvariantCulture) + "%",
        "s" => value < 1 ? (value * 1000).ToString("0.#", CultureInfo.InvariantCulture) + "ms" : value.ToString("0.###", CultureInfo.InvariantCulture) + "s",
        _ => value.ToString("0.####", CultureInfo.InvariantCulture),
    };
}
