using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Tollgate.Release.Tests;

/// <summary><c>tollgate serve</c> on the Native AOT binary: the routes answer as under the JIT, and SIGTERM stops it.</summary>
public sealed class ServeTests
{
    private static readonly string Specs = Path.Combine(AppContext.BaseDirectory, "serve", "specs");
    private static readonly string Request = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "serve", "request.json"));
    private const string Token = "alice-token-0123456789abcdef";

    [Fact]
    public async Task Serve_NativeBinary_JudgesApprovesAndStopsOnSigterm()
    {
        var dir = Directory.CreateTempSubdirectory("tollgate-aot-serve-").FullName;
        File.WriteAllText(Path.Combine(dir, "tokens"), $"alice {Token}\n");
        var url = $"http://127.0.0.1:{FreePort()}";
        using var tollgate = Process.Start(new ProcessStartInfo(ReleaseBuild.Shared.Binary, ["serve", "--urls", url, "--specs", Specs, "--token-file", "tokens", "--ledger", "ledger.db"])
        {
            WorkingDirectory = dir,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var output = tollgate.StandardOutput.ReadToEndAsync();
        var error = tollgate.StandardError.ReadToEndAsync();
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        await WaitReadyAsync(http, tollgate);

        using var pass = await http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent(Request, Encoding.UTF8, "application/json"));
        using var unknown = await http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent("""{"spec":"payments"}""", Encoding.UTF8, "application/json"));
        var digest = JsonDocument.Parse(await pass.Content.ReadAsStringAsync()).RootElement.GetProperty("digest").GetString();
        using var approve = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/approvals")
        {
            Content = new StringContent($$"""{"digest":"{{digest}}","by":"alice","reason":"looked at it"}""", Encoding.UTF8, "application/json"),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) },
        });
        using var refused = await http.PostAsync("/api/v1/approvals", new StringContent("{}", Encoding.UTF8, "application/json"));
        var openApi = await http.GetStringAsync("/openapi/v1.json");
        var metrics = await http.GetStringAsync("/metrics");
        using (var kill = Process.Start("kill", ["-TERM", tollgate.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        tollgate.WaitForExit(TimeSpan.FromSeconds(30)).ShouldBeTrue();
        (await pass.Content.ReadAsStringAsync()).ShouldContain("\"verdict\":\"pass\"");
        (await unknown.Content.ReadAsStringAsync()).ShouldContain("\"verdict\":\"hold\"");
        approve.StatusCode.ShouldBe(HttpStatusCode.Created, await approve.Content.ReadAsStringAsync());
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        openApi.ShouldContain("/api/v1/integrations/flagger/{hook}");
        metrics.ShouldContain("tollgate_verdicts_total{kind=\"canary\",outcome=\"pass\"} 1");
        (await output).ShouldContain("decision argo-rollouts checkout pass");
        tollgate.ExitCode.ShouldBe(143);
        (await error).ShouldStartWith("tollgate: stopped by SIGTERM");
    }

    [Fact]
    public async Task Serve_BadTokenFile_Exits3WithOneLineBeforeListening()
    {
        var dir = Directory.CreateTempSubdirectory("tollgate-aot-serve-").FullName;
        File.WriteAllText(Path.Combine(dir, "tokens"), "alice short\n");

        var run = await Run.StartAsync(ReleaseBuild.Shared.Binary, ["serve", "--urls", $"http://127.0.0.1:{FreePort()}", "--specs", Specs, "--token-file", "tokens"], dir);

        run.Code.ShouldBe(3);
        run.Error.ShouldBe($"tollgate: error: --token-file {Path.Combine(dir, "tokens")}:1: the token of alice is shorter than 16 characters\n");
    }

    private static async Task WaitReadyAsync(HttpClient http, Process tollgate)
    {
        for (var i = 0; i < 100 && !tollgate.HasExited; i++)
        {
            try
            {
                using var ready = await http.GetAsync("/readyz");
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
