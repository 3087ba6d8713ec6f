using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Tollgate.Canary.Tests.Sources;

/// <summary>
/// A loopback TCP server that treats each connection as a test tells it (never answers, closes at once, resets it,
/// writes raw bytes), so a client meets the transport failures a real network shows.
/// </summary>
public sealed class RawServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<Socket, Task> _serve;
    private readonly List<Socket> _held = [];
    private readonly Task _loop;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly List<TimeSpan> _acceptedAt = [];
    private int _accepted;

    private RawServer(Func<Socket, Task> serve)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _serve = serve;
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(AcceptAsync);
    }

    public Uri Url { get; }

    /// <summary>Connections accepted so far.</summary>
    public int Requests => Volatile.Read(ref _accepted);

    /// <summary>When each connection was accepted, from the server's start: the waits a client made between its requests.</summary>
    public IReadOnlyList<TimeSpan> AcceptedAt
    {
        get
        {
            lock (_held)
            {
                return [.. _acceptedAt];
            }
        }
    }

    /// <summary>Accepts each connection and keeps it open without a byte of answer.</summary>
    public static RawServer Silent() => new(_ => Task.CompletedTask);

    /// <summary>Reads the request's first bytes, writes <paramref name="answer"/> and closes the connection.</summary>
    public static RawServer Answering(string answer) => Answering(System.Text.Encoding.ASCII.GetBytes(answer));

    /// <summary>Reads the request's first bytes, writes <paramref name="answer"/> as it is (any bytes) and closes the connection.</summary>
    public static RawServer Answering(byte[] answer) => new(async socket =>
    {
        await socket.ReceiveAsync(new byte[4096]);
        await socket.SendAsync(answer);
        socket.Shutdown(SocketShutdown.Both);
        socket.Close();
    });

    /// <summary>Answers the n-th connection with the n-th of <paramref name="answers"/> (the last one repeated), as <see cref="Answering(string)"/>.</summary>
    public static RawServer Scripted(params string[] answers)
    {
        var served = new StrongBox<int>();
        return new(async socket =>
        {
            var n = Interlocked.Increment(ref served.Value);
            await socket.ReceiveAsync(new byte[4096]);
            await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(answers[Math.Min(n, answers.Length) - 1]));
            socket.Shutdown(SocketShutdown.Both);
            socket.Close();
        });
    }

    /// <summary>Reads the request's first bytes and resets the connection (RST, not FIN).</summary>
    public static RawServer Resetting() => new(async socket =>
    {
        await socket.ReceiveAsync(new byte[4096]);
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    });

    /// <summary>A loopback port nothing listens on: a connection to it is refused.</summary>
    public static int ClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            lock (_held)
            {
                _held.Add(socket);
                _acceptedAt.Add(_clock.Elapsed);
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await _serve(socket);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        lock (_held)
        {
            _held.ForEach(s => s.Dispose());
        }

        await _loop;
    }
}
