using System.Net.Sockets;
using Tollgate.Domain;

namespace Tollgate.Canary.Sources;

/// <summary>
/// Why an HTTP request never got an answer, in plain words ("connection refused", "the name prom.invalid does not
/// resolve", "the TLS handshake failed"), read from the structure of the failure: <see cref="HttpRequestError"/>, the
/// <see cref="SocketError"/> of an inner <see cref="SocketException"/>. Prometheus, MLflow and OCI registries (and their
/// token services) are all reached through it.
/// Never the runtime's message: it is socket text ("Connection refused (127.0.0.1:9)") in tests and a resource key in
/// the Native AOT binary, which is built with <c>UseSystemResourceKeys</c>.
/// </summary>
public static class TransportFailure
{
    /// <summary>The reason for <paramref name="failure"/> (an <see cref="HttpRequestException"/> or an I/O error reading a body) asking <paramref name="url"/>.</summary>
    public static string Describe(Exception failure, Uri url)
    {
        if (Socket(failure) is { } socket && Words(socket, url) is { } words)
        {
            return words;
        }

        return Error(failure) switch
        {
            HttpRequestError.NameResolutionError => $"the name {url.IdnHost} does not resolve",
            HttpRequestError.SecureConnectionError => "the TLS handshake failed (no TLS server there, or a certificate not trusted here)",
            HttpRequestError.ConnectionError => "the connection failed",
            HttpRequestError.ResponseEnded => "the connection closed before the answer was complete",
            HttpRequestError.InvalidResponse => "the answer is not HTTP",
            HttpRequestError.HttpProtocolError => "the answer breaks the HTTP protocol",
            HttpRequestError.VersionNegotiationError => "the server does not speak the HTTP version asked for",
            HttpRequestError.ProxyTunnelError => "the proxy refused to open a tunnel",
            HttpRequestError.UserAuthenticationError => "authentication failed",
            HttpRequestError.ConfigurationLimitExceeded => "the answer's headers exceed the client's limit",
            _ when failure.Inner<IOException>() is not null || failure is IOException => "the connection broke",
            _ => "the request failed",
        };
    }

    private static string? Words(SocketError error, Uri url) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData => $"the name {url.IdnHost} does not resolve",
        SocketError.TryAgain => $"the name {url.IdnHost} cannot be resolved now (no answer from DNS)",
        SocketError.TimedOut => "connecting timed out",
        SocketError.HostUnreachable or SocketError.HostDown => "the host is unreachable",
        SocketError.NetworkUnreachable or SocketError.NetworkDown => "the network is unreachable",
        SocketError.ConnectionReset => "the connection was reset",
        SocketError.ConnectionAborted or SocketError.Shutdown => "the connection was closed",
        SocketError.AccessDenied => "the connection is not permitted here",
        SocketError.AddressNotAvailable => "the address is not available",
        _ => null,
    };

    private static HttpRequestError Error(Exception failure) => failure switch
    {
        HttpRequestException request => request.HttpRequestError,
        HttpIOException io => io.HttpRequestError,
        _ => failure.Inner<HttpIOException>()?.HttpRequestError ?? HttpRequestError.Unknown,
    };

    private static SocketError? Socket(Exception failure) => failure.Inner<SocketException>()?.SocketErrorCode;
}
