using Microsoft.AspNetCore.Http;

namespace Tollgate.Server.Hosting;

/// <summary>
/// When a request arrived, on the server's clock, noted by the <see cref="RequestBoundary"/> before anything else runs:
/// the answer budget counts from it, so the work before the first Prometheus ask (reading the body, a first request's
/// start-up compilation, the spec's filling) is spent from the budget, not added after it.
/// </summary>
internal static class RequestArrival
{
    private static readonly object Key = new();

    public static void Note(HttpContext http, TimeProvider clock) => http.Items[Key] = clock.GetUtcNow();

    /// <summary>The arrival noted; null for a request the boundary did not see (a test calling a route's code directly).</summary>
    public static DateTimeOffset? Of(HttpContext http) => http.Items.TryGetValue(Key, out var at) && at is DateTimeOffset arrived ? arrived : null;
}
