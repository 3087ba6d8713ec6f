using System.Globalization;

namespace Tollgate.Server.Tests.Support;

/// <summary>One series' value from the server's <c>/metrics</c>, as Prometheus would scrape it.</summary>
public static class ScrapedMetrics
{
    /// <summary>The value of <paramref name="series"/> (name and labels as the text spells them), or null when absent.</summary>
    public static async Task<double?> ValueAsync(RunningServer server, string series)
    {
        var text = await server.Http.GetStringAsync("/metrics");
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
