using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// A Prometheus HTTP API on loopback that answers every instant query (one sample, value 1) and rejects every range
/// query with 400 <c>bad_data</c>, as a real one does for a range with too many points: the watch's queries pass the
/// check before the deploy and are rejected on its looks. Every path asked is kept in <see cref="Asked"/>.
/// </summary>
internal sealed class RangeRejectingPrometheus : IDisposable
{
    public const string Error = "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)";

    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public RangeRejectingPrometheus()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
            probe.Stop();
        }

        _listener.Prefixes.Add(Url);
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public List<string> Asked { get; } = [];

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

            var path = context.Request.Url!.AbsolutePath;
            lock (Asked)
            {
                Asked.Add(path);
            }

            var range = path.EndsWith("/query_range", StringComparison.Ordinal);
            var body = range
                ? $$"""{"status":"error","errorType":"bad_data","error":"{{Error}}"}"""
                : """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1764158400,"1"]}]}}""";
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = range ? 400 : 200;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}
