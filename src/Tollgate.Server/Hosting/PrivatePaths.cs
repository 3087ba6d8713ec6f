using Microsoft.AspNetCore.Http;

namespace Tollgate.Server.Hosting;

/// <summary>
/// Paths on the server a request's answer must never show (the private directory an uploaded plan is written to):
/// a route registers how to hide them, and <see cref="RequestBoundary"/> hides them in every problem it answers, so a
/// message written deep in a reader (a plan that does not parse, a tool that fails on the file) names the part the
/// client sent, never <c>/tmp/…</c>.
/// </summary>
internal static class PrivatePaths
{
    private static readonly object ItemKey = new();

    public static void Register(HttpContext http, Func<string, string> hide) => http.Items[ItemKey] = hide;

    /// <summary><paramref name="message"/> as the request's registered hiding makes it (unchanged without one).</summary>
    public static string Hide(HttpContext http, string message) =>
        http.Items.TryGetValue(ItemKey, out var item) && item is Func<string, string> hide ? hide(message) : message;
}
