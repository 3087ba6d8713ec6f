using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tollgate.Canary.Tests.Sources;

/// <summary>A loopback HTTP server that answers each request with the next scripted (status, body), the last one repeated.</summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly (HttpStatusCode Status, string Body)[] _script;
    private readonly Task _loop;
    private int _requests;

    private ScriptedServer(HttpListener listener, Uri url, (HttpStatusCode, string)[] script)
    {
        _listener = listener;
        _script = script;
        Url = url;
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The Authorization header of the last request, if any.</summary>
    public string? LastAuthorization { get; private set; }

    public static Task<ScriptedServer> StartAsync(params (HttpStatusCode, string)[] script)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var listener = new HttpListener();
        listener.Prefixes.Add(url.ToString());
        listener.Start();
        return Task.FromResult(new ScriptedServer(listener, url, script));
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
            var n = Interlocked.Increment(ref _requests);
            var (status, body) = _script[Math.Min(n, _script.Length) - 1];
            context.Response.StatusCode = (int)status;
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
        _listener.Stop();
        _listener.Close();
        if (await Task.WhenAny(_loop, Task.Delay(TimeSpan.FromSeconds(5))) == _loop)
        {
            await _loop;
        }
    }
}
