using System.Net;
using System.Net.Sockets;

namespace Tollgate.Testing;

/// <summary>A server on 127.0.0.1 that accepts connections and never answers: a Prometheus that hangs.</summary>
public sealed class SilentServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> held = [];
    private readonly CancellationTokenSource stop = new();
    private readonly TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SilentServer()
    {
        listener.Start();
        _ = AcceptAsync();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");

    /// <summary>Completes when the first client has connected: the caller is then surely inside its request.</summary>
    public Task Connected => connected.Task;

    private async Task AcceptAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                lock (held)
                {
                    held.Add(client);
                }

                connected.TrySetResult();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        lock (held)
        {
            held.ForEach(c => c.Dispose());
        }

        stop.Dispose();
    }
}
