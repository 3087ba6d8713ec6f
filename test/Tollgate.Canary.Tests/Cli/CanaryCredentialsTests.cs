using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tollgate.Canary.Tests.Cli;

/// <summary>
/// A password in the spec's <c>prometheus:</c> URL (issue 14) appears in no output format, no <c>--record</c> file, no
/// ledger entry and no error message.
/// </summary>
public sealed class CanaryCredentialsTests : IDisposable
{
    private const string Password = "s3cretPassw0rd";
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-canary-creds-").FullName;

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("sarif")]
    [InlineData("markdown")]
    [InlineData("junit")]
    public async Task Canary_PasswordInTheUrl_RedactedEverywhere(string format)
    {
        var spec = Path.Combine(_directory, $"spec-{format}.yaml");
        var example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "checkout.yaml"));
        File.WriteAllText(spec, example
            .Replace("http://127.0.0.1:9090", $"http://ops:{Password}@127.0.0.1:{ClosedPort()}", StringComparison.Ordinal)
            .Replace("timeout: 10s", "timeout: 1s", StringComparison.Ordinal));
        var record = Path.Combine(_directory, "rec-" + format);
        var ledger = Path.Combine(_directory, "ledger.db");

        var run = await CliRun.RunAsync(_directory, null, "canary", "--spec", spec, "--at", "2026-11-01T10:30:00Z", "--format", format,
            "--record", record, "--ledger", ledger);

        run.ExitCode.ShouldBe(2, run.Error);
        (run.Out + run.Error).ShouldContain(format == "markdown" ? "\\*\\*\\*@127.0.0.1" : "***@127.0.0.1"); // Markdown escapes the asterisks it shows
        (run.Out + run.Error).ShouldNotContain(Password);
        foreach (var file in Directory.GetFiles(record).Append(ledger).Concat(Directory.GetFiles(_directory, "ledger.db*")))
        {
            Encoding.UTF8.GetString(File.ReadAllBytes(file)).ShouldNotContain(Password, customMessage: file);
        }
    }

    [Fact]
    public async Task Canary_MalformedUrlWithPassword_Exit3WithoutThePassword()
    {
        var run = await CliRun.RunAsync(_directory, null, "canary", "--spec", Path.Combine(AppContext.BaseDirectory, "examples", "checkout.yaml"),
            "--prometheus", $"ftp://ops:{Password}@host/");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldContain("ftp://***@host/");
        run.Error.ShouldNotContain(Password);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
