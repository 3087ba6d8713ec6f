using System.Globalization;
using System.Text;

namespace Tollgate.Models.Tests.Prometheus;

/// <summary>
/// OpenMetrics text with known answers for <c>promtool tsdb create-blocks-from openmetrics</c>. The KPI canary: model
/// <c>fraud</c>, versions 1 (live), 2 (same 10% conversion) and 3 (8% in region eu, 10% in us), 20 requests/s per
/// version and region, scraped every 15 s for the 70 minutes up to <see cref="JudgeAt"/>. The trend: a daily KPI for
/// 60 days up to <see cref="JudgeAt"/>, level 0.8 with 3% noise: model <c>fraud</c> declines by 0.004 a day (0.5%/day)
/// from day 30; model <c>steady</c> stays flat but for one deep spike.
/// </summary>
public static class KpiTraffic
{
    public static readonly DateTimeOffset JudgeAt = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset TrendStart = new(JudgeAt.AddDays(-59).Date, TimeSpan.Zero);

    private const double ScrapeSeconds = 15;
    private const int Scrapes = 70 * 4 + 1;

    public static void Write(TextWriter w)
    {
        var random = new Random(20261126);
        foreach (var region in (string[])["eu", "us"])
        {
            foreach (var version in (string[])["1", "2", "3"])
            {
                var rate = version == "3" && region == "eu" ? 0.08 : 0.10;
                var requests = new double[Scrapes];
                var conversions = new double[Scrapes];
                double n = 0, k = 0;
                for (var t = 0; t < Scrapes; t++)
                {
                    var served = Math.Max(0, Math.Round(20 * ScrapeSeconds + Math.Sqrt(20 * ScrapeSeconds) * FeatureTables.Gaussian(random)));
                    n += served;
                    k += Math.Clamp(Math.Round(served * rate + Math.Sqrt(served * rate * (1 - rate)) * FeatureTables.Gaussian(random)), 0, served);
                    requests[t] = n;
                    conversions[t] = k;
                }

                var labels = $"model=\"fraud\",version=\"{version}\",region=\"{region}\"";
                Emit(w, $"model_requests_total{{{labels}}}", requests);
                Emit(w, $"model_conversions_total{{{labels}}}", conversions);
            }
        }

        foreach (var model in (string[])["fraud", "steady"])
        {
            var days = Trends.TrendGateTests.Kpi(model == "fraud" ? 5 : 6, 60, i => model == "fraud" && i >= 30 ? -0.004 * (i - 29) : 0);
            if (model == "steady")
            {
                days[50] -= 0.3;
            }

            var text = new StringBuilder();
            for (var d = 0; d < days.Length; d++)
            {
                text.Append(CultureInfo.InvariantCulture, $"model_kpi{{model=\"{model}\"}} {days[d]:R} {TrendStart.AddDays(d).ToUnixTimeSeconds()}\n");
            }

            w.Write(text.ToString());
        }

        w.Write("# EOF\n");
    }

    private static void Emit(TextWriter w, string series, double[] values)
    {
        var start = JudgeAt.AddSeconds(-(Scrapes - 1) * ScrapeSeconds).ToUnixTimeSeconds();
        var text = new StringBuilder();
        for (var t = 0; t < values.Length; t++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{series} {values[t]} {start + (long)(t * ScrapeSeconds)}\n");
        }

        w.Write(text.ToString());
    }
}
