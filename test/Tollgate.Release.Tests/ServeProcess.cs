using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Tollgate.Release.Tests;

/// <summary>
/// The AOT binary's <c>tollgate serve</c> started on a free loopback port, ready to answer (<c>/readyz</c>), and stopped
/// with SIGTERM as a service manager stops it, handing back what it wrote and its exit code.
/// </summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process process;
    private readonly Task<string> output;
    private readonly Task<string> error;

    private ServeProcess(Process process, string url)
    {
        this.process = process;
        output = process.StandardOutput.ReadToEndAsync();
        error = process.StandardError.ReadToEndAsync();
        Http = new HttpClient { BaseAddress = new Uri(url) };
    }

    public HttpClient Http { get; }

    /// <summary>Starts <c>tollgate serve --urls URL</c> with <paramref name="arguments"/> in <paramref name="directory"/> and waits until it is ready.</summary>
    public static async Task<ServeProcess> StartAsync(string directory, params string[] arguments)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var process = Process.Start(new ProcessStartInfo(ReleaseBuild.Shared.Binary, ["serve", "--urls", url, .. arguments])
        {
            WorkingDirectory = directory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var serve = new ServeProcess(process, url);
        await serve.WaitReadyAsync();
        return serve;
    }

    /// <summary>Sends SIGTERM and waits (30 s at most) for the process to end: its exit code, standard output and standard error.</summary>
    public async Task<(int Code, string Out, string Error)> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        process.WaitForExit(TimeSpan.FromSeconds(30)).ShouldBeTrue("tollgate serve did not stop within 30 s of SIGTERM");
        return (process.ExitCode, await output, await error);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill();
        }

        process.Dispose();
    }

    private async Task WaitReadyAsync()
    {
        for (var i = 0; i < 100 && !process.HasExited; i++)
        {
            try
            {
                using var ready = await Http.GetAsync("/readyz");
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("tollgate serve did not become ready");
    }
}
