using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tollgate.Testing;

/// <summary>
/// A loopback HTTP server that plays the other side of an HTTP API no real server can be made to show on demand (a
/// Prometheus that answers 503 then success, or rejects range queries; an MLflow registry): each request is answered by
/// the test's function of it, or by the next of a script of (status, body), the last one repeated, or redirected to
/// another server. The path of every request is kept in <see cref="Paths"/>, its Authorization header in
/// <see cref="Authorizations"/>.
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<HttpListenerRequest, int, (HttpStatusCode Status, string Body)> _answer;
    private readonly Func<HttpListenerRequest, Uri?> _location;
    private readonly Task _loop;
    private int _requests;

    private ScriptedServer(HttpListener listener, Uri url, Func<HttpListenerRequest, int, (HttpStatusCode, string)> answer, Func<HttpListenerRequest, Uri?> location)
    {
        _listener = listener;
        _answer = answer;
        _location = location;
        Url = url;
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The Authorization header of the last request, if any.</summary>
    public string? LastAuthorization { get; private set; }

    /// <summary>The path of each request, in the order they came (lock it to read while requests may still come).</summary>
    public List<string> Paths { get; } = [];

    /// <summary>The Authorization header of each request (null without one), in the order they came (locked with <see cref="Paths"/>).</summary>
    public List<string?> Authorizations { get; } = [];

    /// <summary>Headers every answer carries (a <c>WWW-Authenticate</c> challenge, say).</summary>
    public Dictionary<string, string> Headers { get; } = [];

    /// <summary>Answers the n-th request with the n-th of <paramref name="script"/>, and every one after the script with its last.</summary>
    public static Task<ScriptedServer> StartAsync(params (HttpStatusCode, string)[] script) =>
        Task.FromResult(Start((_, n) => script[Math.Min(n, script.Length) - 1]));

    /// <summary>Answers each request with what <paramref name="answer"/> makes of it.</summary>
    public static Task<ScriptedServer> StartAsync(Func<HttpListenerRequest, (HttpStatusCode, string)> answer) =>
        Task.FromResult(Start((request, _) => answer(request)));

    /// <summary>Answers each request with 302 Found to the same path and query under <paramref name="target"/>.</summary>
    public static Task<ScriptedServer> RedirectingAsync(Uri target) =>
        Task.FromResult(Start((_, _) => (HttpStatusCode.Found, ""), request => new Uri(target, request.Url!.PathAndQuery)));

    private static ScriptedServer Start(Func<HttpListenerRequest, int, (HttpStatusCode, string)> answer, Func<HttpListenerRequest, Uri?>? location = null)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var listener = new HttpListener();
        listener.Prefixes.Add(url.ToString());
        listener.Start();
        return new ScriptedServer(listener, url, answer, location ?? (_ => null));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            LastAuthorization = context.Request.Headers["Authorization"];
            lock (Paths)
            {
                Paths.Add(context.Request.Url!.AbsolutePath);
                Authorizations.Add(LastAuthorization);
            }

            var (status, body) = _answer(context.Request, Interlocked.Increment(ref _requests));
            context.Response.StatusCode = (int)status;
            foreach (var (name, value) in Headers)
            {
                context.Response.AddHeader(name, value);
            }

            if (_location(context.Request) is { } location)
            {
                context.Response.RedirectLocation = location.ToString();
            }

            var bytes = Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    /// <summary>
    /// Stops listening. The serving loop normally ends at once; one that does not (a pending accept that the stop does
    /// not complete) is left behind after five seconds rather than holding the test run.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        // Close alone: after Stop had unbound the port, Close looked its endpoint up again, which binds the port anew
        // and failed when another test's server had taken it meanwhile (HttpListenerException: Address already in use).
        _listener.Close();
        if (await Task.WhenAny(_loop, Task.Delay(TimeSpan.FromSeconds(5))) == _loop)
        {
            await _loop;
        }
    }
}
