using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Canary.Sources;

/// <summary>One query to the source, as recorded and replayed: the endpoint and its parameters, and a stable key.</summary>
public sealed record RecordedRequest(string Endpoint, string Query, double? Start, double? End, double? Step, double? Time)
{
    public static RecordedRequest Range(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step) =>
        new("query_range", query, start.ToUnixTimeMilliseconds() / 1000.0, end.ToUnixTimeMilliseconds() / 1000.0, step.TotalSeconds, null);

    public static RecordedRequest Instant(string query, DateTimeOffset at) =>
        new("query", query, null, null, null, at.ToUnixTimeMilliseconds() / 1000.0);

    /// <summary>The form parameters of the Prometheus API call.</summary>
    public IEnumerable<KeyValuePair<string, string>> Form()
    {
        yield return new("query", Query);
        foreach (var (name, value) in new (string, double?)[] { ("start", Start), ("end", End), ("step", Step), ("time", Time) })
        {
            if (value is { } v)
            {
                yield return new(name, v.ToString("0.###", CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>The file name of this request's recording: a hash of everything that determines the answer.</summary>
    public string Key()
    {
        var text = string.Join("\n", Form().Select(kv => kv.Key + "=" + kv.Value).Prepend(Endpoint));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];
    }
}
