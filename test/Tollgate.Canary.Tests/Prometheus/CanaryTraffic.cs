using System.Globalization;
using System.Text;
using Tollgate.Canary.Tests.Judgement;
using Tollgate.Domain.Statistics;

namespace Tollgate.Canary.Tests.Prometheus;

/// <summary>
/// Writes OpenMetrics text with known answers for <c>promtool tsdb create-blocks-from openmetrics</c>: request counters by
/// code and latency histograms for baseline (v1) and canary (v2) of four apps, scraped every 15 s for 40 minutes from
/// <see cref="Start"/>. Counts are Poisson (seeded), so the statistics see real noise:
/// checkout: tenant acme's canary has 3x the error rate (0.6% vs 0.2%); search: healthy; ledger: canary latency ×1.6;
/// quiet: 0.2 requests/s, far below minSamples. The issue-9 scenarios, error counters only, 800 requests per minute per
/// slice and group and 0.2% baseline errors: steady (healthy), fourx and twohalf (tenant acme's canary at 4× and 2.5×),
/// spread (healthy, the tenants' baseline rates spread 5× from 0.09% to 0.45%). late: healthy, its canary (v2) started
/// at <see cref="LateStart"/>, 20 minutes after its baseline. Missing data (two tenants, 150 requests/s): midgap's canary
/// is not scraped from 10:23 to 10:27 (<see cref="Unscraped"/>) while it serves 30% errors, its counters carrying on;
/// gone's canary series end at 10:25 (its only pod gone), healthy until then.
/// </summary>
public static class CanaryTraffic
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Where the tests judge: 30 minutes in, so the 10-minute window is full of data.</summary>
    public static readonly DateTimeOffset JudgeAt = Start.AddMinutes(30);

    /// <summary>When the late app's canary starts: judged 5 minutes later, its 10-minute window began without it.</summary>
    public static readonly DateTimeOffset LateStart = Start.AddMinutes(20);

    public static readonly double[] Bounds = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 2.5];

    private const int Scrapes = 160;
    private const double ScrapeSeconds = 15;
    private const double MedianSeconds = 0.06;
    private const double Sigma = 0.55;

    public static readonly string[] Tenants =
    [
        "acme", "globex", "initech", "umbrella", "hooli", "wayne", "stark", "wonka", "tyrell", "cyberdyne",
        "soylent", "aperture", "oscorp", "vandelay", "dunder", "pied", "gringotts", "monarch", "nakatomi", "massive",
    ];

    public static void Write(TextWriter w)
    {
        var random = new Random(20261101);
        var lines = new List<string>();
        foreach (var (app, tenants, rate) in Apps())
        {
            foreach (var (index, tenant) in tenants.Index())
            {
                foreach (var version in (string[])["v1", "v2"])
                {
                    var canary = version == "v2";
                    var scale = app == "ledger" && canary ? 1.6 : 1.0;
                    var from = app == "late" && canary ? (int)((LateStart - Start).TotalSeconds / ScrapeSeconds) : 0;
                    Func<int, bool> scraped = (app, canary) switch
                    {
                        ("midgap", true) => t => !Unscraped(t),
                        ("gone", true) => t => t < 100,
                        _ => _ => true,
                    };
                    Series(w, random, app, tenant, version, rate, (app, canary) == ("midgap", true) ? t => Unscraped(t) ? 0.3 : 0.002 : _ => ErrorRate(app, index, canary), scale, withBuckets: rate > 100 || rate < 1, from, scraped);
                }
            }
        }

        w.Write("# EOF\n");
    }

    private static IEnumerable<(string App, string[] Tenants, double Rate)> Apps()
    {
        yield return ("checkout", Tenants, 150);
        yield return ("search", Tenants, 150);
        yield return ("ledger", Tenants[..5], 150);
        yield return ("quiet", Tenants[..2], 0.2);
        foreach (var app in (string[])["steady", "fourx", "twohalf", "spread"])
        {
            yield return (app, Tenants, 800 / 60.0);
        }

        yield return ("late", Tenants[..5], 150);
        yield return ("midgap", Tenants[..2], 150);
        yield return ("gone", Tenants[..2], 150);
    }

    private static double ErrorRate(string app, int tenant, bool canary) => app switch
    {
        "checkout" when tenant == 0 && canary => 0.006,
        "fourx" when tenant == 0 && canary => 0.008,
        "twohalf" when tenant == 0 && canary => 0.005,
        "spread" => 0.002 * Math.Pow(5, tenant / 19.0 - 0.5),
        _ => 0.002,
    };

    /// <summary>midgap's canary scrapes that fail: after 10:23:00 and before 10:27:00 (its 10:27 scrape counts all of it).</summary>
    private static bool Unscraped(int t) => t is > 92 and < 108;

    private static void Series(TextWriter w, Random random, string app, string tenant, string version, double rate, Func<int, double> errorRate, double scale, bool withBuckets, int from, Func<int, bool> scraped)
    {
        var labels = $"app=\"{app}\",version=\"{version}\",tenant=\"{tenant}\",endpoint=\"/pay\"";
        var ok = new double[Scrapes];
        var errors = new double[Scrapes];
        var buckets = new double[Bounds.Length + 1, Scrapes];
        double okSum = 0, errorSum = 0;
        var bucketSums = new double[Bounds.Length + 1];
        var probabilities = BucketProbabilities(scale);
        for (var t = from; t < Scrapes; t++)
        {
            var mean = rate * ScrapeSeconds;
            okSum += Observations.Poisson(random, mean * (1 - errorRate(t)));
            errorSum += Observations.Poisson(random, mean * errorRate(t));
            ok[t] = okSum;
            errors[t] = errorSum;
            for (var b = 0; b <= Bounds.Length && withBuckets; b++)
            {
                bucketSums[b] += Observations.Poisson(random, mean * probabilities[b]);
                buckets[b, t] = bucketSums[b];
            }
        }

        Emit(w, $"http_requests_total{{{labels},code=\"200\"}}", from, scraped, t => ok[t]);
        Emit(w, $"http_requests_total{{{labels},code=\"500\"}}", from, scraped, t => errors[t]);
        for (var b = 0; b <= Bounds.Length && withBuckets; b++)
        {
            var le = b == Bounds.Length ? "+Inf" : Bounds[b].ToString(CultureInfo.InvariantCulture);
            var upTo = b;
            Emit(w, $"http_request_duration_seconds_bucket{{{labels},le=\"{le}\"}}", from, scraped, t =>
            {
                var sum = 0.0;
                for (var i = 0; i <= upTo; i++)
                {
                    sum += buckets[i, t];
                }

                return sum;
            });
        }
    }

    /// <summary>The series' scrapes from <paramref name="from"/> on (a process started then), those <paramref name="scraped"/> says succeeded.</summary>
    private static void Emit(TextWriter w, string series, int from, Func<int, bool> scraped, Func<int, double> value)
    {
        var text = new StringBuilder();
        for (var t = from; t < Scrapes; t++)
        {
            if (!scraped(t))
            {
                continue;
            }

            var at = Start.ToUnixTimeSeconds() + t * ScrapeSeconds;
            text.Append(series).Append(' ').Append(value(t).ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(at.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        w.Write(text.ToString());
    }

    /// <summary>P(latency in each bucket) for a log-normal latency scaled by <paramref name="scale"/>; the last is +Inf's share.</summary>
    private static double[] BucketProbabilities(double scale)
    {
        var p = new double[Bounds.Length + 1];
        var previous = 0.0;
        for (var b = 0; b < Bounds.Length; b++)
        {
            var cdf = Normal.Cdf(Math.Log(Bounds[b] / (MedianSeconds * scale)) / Sigma);
            p[b] = cdf - previous;
            previous = cdf;
        }

        p[^1] = 1 - previous;
        return p;
    }
}
