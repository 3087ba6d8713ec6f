using System.Globalization;
using Tollgate.Canary.Spec;
using Tollgate.Domain;

namespace Tollgate.Delivery.Deploys;

/// <summary>Reads the times and durations delivery commands take: RFC 3339 or Unix seconds; <c>10m</c>, <c>24h</c>, <c>90d</c>.</summary>
public static class DeliveryTime
{
    public static DateTimeOffset Parse(string text, string option)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new InvalidInputException($"{option} {text} is neither RFC 3339 (2026-01-10T10:00:00Z) nor Unix seconds");
    }

    public static TimeSpan Duration(string text, string option) =>
        PromDuration.TryParse(text, out var duration) && duration > TimeSpan.Zero
            ? duration
            : throw new InvalidInputException($"{option} {text} is not a duration like 90s, 10m, 24h or 30d");

    /// <summary><c>SHA</c> or <c>SHA@TIME</c> (the commit time, for lead time).</summary>
    public static Domain.Delivery.Change Change(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return at < 0
            ? new Domain.Delivery.Change(text, null)
            : new Domain.Delivery.Change(text[..at], Parse(text[(at + 1)..], "--changes " + text[..at] + "@"));
    }
}
