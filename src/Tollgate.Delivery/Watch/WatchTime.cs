using System.Globalization;

namespace Tollgate.Delivery.Watch;

/// <summary>
/// A time in the watch's progress lines: <c>HH:mm:ssZ</c> when it falls on today's date (UTC), else with its date
/// (<c>2026-11-11 14:10:00Z</c>), so an old deploy, or a deadline past midnight, does not read as today.
/// </summary>
public static class WatchTime
{
    public static string Of(DateTimeOffset at, DateTimeOffset now)
    {
        var utc = at.ToUniversalTime();
        return utc.ToString(utc.Date == now.ToUniversalTime().Date ? "HH:mm:ss'Z'" : "yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
