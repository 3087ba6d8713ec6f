using System.Globalization;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Tollgate.Domain;

namespace Tollgate.Server.Hosting;

/// <summary>
/// <c>--urls</c> checked before Kestrel sees it, so a mistyped address is one line naming the option rather than
/// Kestrel's "Invalid url" at start: each of the <c>;</c>-separated URLs is <c>http://</c>, a host (an address,
/// <c>localhost</c>, <c>[::]</c>, <c>*</c> or <c>+</c>) and an optional port 0–65535. <c>https://</c> is refused: the
/// server has no certificate to serve (TLS ends in front of it), and Kestrel's own refusal is advice to its programmer.
/// A host name other than <c>localhost</c> is refused too: Kestrel listens on every interface for one, which exposes a
/// server its operator meant to keep on one address. A path is refused (the server listens at the root), and so is a
/// user name or password (Kestrel has no use for one; the refusal never quotes it), and a URL given twice.
/// </summary>
public static class ListenUrls
{
    public static void Check(string urls)
    {
        var each = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (each.Length == 0)
        {
            throw new InvalidInputException("--urls is empty: give where to listen, e.g. http://127.0.0.1:8080");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var url in each)
        {
            if (Credentials(url) is { } shown)
            {
                throw new InvalidInputException($"--urls {shown}: a URL to listen on takes no user name or password (callers authenticate with bearer tokens); give http:// and an address, e.g. http://127.0.0.1:8080");
            }

            if (Problem(url) is { } problem)
            {
                throw new InvalidInputException($"--urls {url}: {problem}; expected a URL like http://127.0.0.1:8080 or http://0.0.0.0:8080");
            }

            // Port 0 twice is two ports Kestrel chooses; any other URL twice is one address bound twice.
            if (!seen.Add(url.TrimEnd('/')) && !url.TrimEnd('/').EndsWith(":0", StringComparison.Ordinal))
            {
                throw new InvalidInputException($"--urls names {url} twice: give each address once");
            }
        }
    }

    /// <summary>The URL with its user name and password replaced by <c>***</c> when it has any (<c>user:pw@</c>), else null.</summary>
    private static string? Credentials(string url)
    {
        var separator = url.IndexOf("://", StringComparison.Ordinal);
        var start = separator < 0 ? 0 : separator + 3;
        var end = url.IndexOf('/', start);
        var authority = end < 0 ? url[start..] : url[start..end];
        var at = authority.LastIndexOf('@');
        return at < 0 ? null : url[..start] + "***@" + url[(start + at + 1)..];
    }

    /// <summary>
    /// Why Kestrel could not listen, in one line with the fix: a port another process holds, an address that is not
    /// this machine's, a port below 1024 without the privilege; otherwise Kestrel's own words.
    /// </summary>
    public static string Refusal(string urls, Exception failure)
    {
        var socket = failure as SocketException ?? failure.InnerException as SocketException ?? failure.InnerException?.InnerException as SocketException;
        var reason = failure.InnerException is AddressInUseException || socket?.SocketErrorCode == SocketError.AddressAlreadyInUse
            ? "the address is already in use (another process, perhaps another tollgate serve, listens there): stop it or give a free port with --urls"
            : socket?.SocketErrorCode switch
            {
                SocketError.AddressNotAvailable => "the address is not one of this machine's: listen on 127.0.0.1, 0.0.0.0 or an address of one of its interfaces",
                SocketError.AccessDenied => "permission denied (ports below 1024 need privileges): give a port above 1023 with --urls",
                _ => failure.Message.Split('\n')[0].TrimEnd('.'),
            };
        return $"cannot listen on {urls}: {reason}";
    }

    private static string? Problem(string url)
    {
        var separator = url.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0)
        {
            return "not a URL";
        }

        var scheme = url[..separator];
        if (scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            return "tollgate serve speaks plain HTTP (TLS ends in front of it: an ingress, a service mesh or a proxy); give http://";
        }

        if (!scheme.Equals("http", StringComparison.OrdinalIgnoreCase))
        {
            return $"the scheme is {scheme}, not http";
        }

        var rest = url[(separator + 3)..];
        if (rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            return rest.Length > 5 ? null : "no socket path after unix:";
        }

        var parts = rest.Split('/', 2);
        var authority = parts[0];
        if (parts.Length > 1 && parts[1].Length > 0)
        {
            return $"tollgate serve listens at the root: a path (/{parts[1]}) is not served (behind a proxy that adds one, strip it there)";
        }

        var colon = authority.StartsWith('[') ? authority.IndexOf("]:", StringComparison.Ordinal) + 1 : authority.LastIndexOf(':');
        var host = colon > 0 ? authority[..colon] : authority;
        if (host.Length == 0 || (authority.StartsWith('[') && !host.EndsWith(']')))
        {
            return "no host";
        }

        var bare = host.Trim('[', ']');
        if (bare is not ("*" or "+") && !bare.Equals("localhost", StringComparison.OrdinalIgnoreCase) && !System.Net.IPAddress.TryParse(bare, out _))
        {
            return $"{host} is a host name, on which Kestrel listens on every interface; give an address (127.0.0.1, or 0.0.0.0 for every interface) or localhost";
        }

        if (colon <= 0)
        {
            return null;
        }

        var port = authority[(colon + 1)..];
        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= 65535 ? null : $"the port {port} is not a number from 0 to 65535";
    }
}
