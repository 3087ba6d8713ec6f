using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Tollgate.Testing;

/// <summary>
/// A loopback HTTPS server (HTTP/1.1 over <see cref="SslStream"/>, one request per connection) with a certificate made in
/// the test (<see cref="TestCertificates"/>), answering each request with the test's function of its path and query, for
/// what <see cref="ScriptedServer"/>'s <see cref="HttpListener"/> cannot do on Linux: TLS, and asking for a client
/// certificate. With <c>requireClient</c>, a handshake without a client certificate issued by the test's authority fails.
/// Listens on a port the system picks.
/// </summary>
public sealed class TlsServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2? _clientAuthority;
    private readonly Func<string, (HttpStatusCode Status, string Body)> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    private TlsServer(X509Certificate2 certificate, X509Certificate2? clientAuthority, Func<string, (HttpStatusCode, string)> answer)
    {
        (_certificate, _clientAuthority, _answer) = (certificate, clientAuthority, answer);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Url = new Uri($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    /// <summary>How many requests were answered (a handshake that failed is none).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Serves with <paramref name="certificate"/>; with <paramref name="clientAuthority"/>, only to clients with a certificate it issued.</summary>
    public static TlsServer Start(X509Certificate2 certificate, Func<string, (HttpStatusCode, string)> answer, X509Certificate2? clientAuthority = null) =>
        new(certificate, clientAuthority, answer);

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient connection;
            try
            {
                connection = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(connection));
        }
    }

    private async Task AnswerAsync(TcpClient connection)
    {
        using var _ = connection;
        try
        {
            await using var tls = new SslStream(connection.GetStream(), false);
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _certificate,
                ClientCertificateRequired = _clientAuthority is not null,
                RemoteCertificateValidationCallback = (_, certificate, _, _) => _clientAuthority is null || IssuedByAuthority(certificate),
            }, _stop.Token);
            var head = await ReadHeadAsync(tls);
            if (head.Length == 0)
            {
                // TLS 1.3: the server's handshake ends before the client has verified the certificate and refused it.
                return;
            }

            var target = head.Split(' ', 3) is [_, var t, _] ? t : "/";
            Interlocked.Increment(ref _requests);
            var (status, body) = _answer(target);
            var bytes = Encoding.UTF8.GetBytes(body);
            var response = $"HTTP/1.1 {(int)status} {status}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
            await tls.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
            await tls.WriteAsync(bytes, _stop.Token);
            await tls.FlushAsync(_stop.Token);
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException or ObjectDisposedException)
        {
            // A client that refused the certificate, or was refused: the handshake's failure is what the test looks at.
        }
    }

    private bool IssuedByAuthority(X509Certificate? certificate)
    {
        if (certificate is not X509Certificate2 client)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(_clientAuthority!);
        return chain.Build(client);
    }

    private static async Task<string> ReadHeadAsync(Stream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer) == 1)
        {
            head.Append((char)buffer[0]);
        }

        return head.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
