using Tollgate.Domain;

namespace Tollgate.Canary.Gate;

/// <summary>The times a canary request names: RFC 3339 or Unix seconds (<see cref="Rfc3339.Parse"/>), judged on whole seconds.</summary>
public static class CanaryTime
{
    public static DateTimeOffset Parse(string text) => Rfc3339.Parse(text, "--at");

    public static DateTimeOffset Truncate(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());
}
