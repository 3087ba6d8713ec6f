using Tollgate.Cli;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Hosting;

/// <summary>
/// <c>--urls</c> and <c>--specs</c> mistakes stop <c>tollgate serve</c> with exit 3 and one line with the fix (never
/// an internal error, never a password), and a start refused for its address leaves no ledger it created behind.
/// </summary>
public sealed class ListenRefusalTests
{
    private static async Task<(int Code, string Error)> ServeAsync(string directory, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var code = await TollgateCli.RunAsync(["serve", .. args], new CliHost(output, error, TimeProvider.System, directory), stop.Token);
        output.ToString().ShouldBeEmpty();
        return (code, error.ToString());
    }

    private static string Directory() => Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-serve-listen-").FullName;

    [Theory]
    [InlineData("http://127.0.0.1:18092/prefix", "tollgate: error: --urls http://127.0.0.1:18092/prefix: tollgate serve listens at the root: a path (/prefix) is not served (behind a proxy that adds one, strip it there); expected a URL like http://127.0.0.1:8080 or http://0.0.0.0:8080\n")]
    [InlineData("http://127.0.0.1:18093;http://127.0.0.1:18093", "tollgate: error: --urls names http://127.0.0.1:18093 twice: give each address once\n")]
    [InlineData("http://user:SECRETpw@127.0.0.1:18094", "tollgate: error: --urls http://***@127.0.0.1:18094: a URL to listen on takes no user name or password (callers authenticate with bearer tokens); give http:// and an address, e.g. http://127.0.0.1:8080\n")]
    public async Task Serve_UrlsWithPathTwiceOrCredentials_Exit3OneLineWithTheFix(string urls, string expected)
    {
        var directory = Directory();

        var (code, error) = await ServeAsync(directory, "--urls", urls, "--ledger", "ledger.db");

        code.ShouldBe(3);
        error.ShouldBe(expected);
        File.Exists(Path.Combine(directory, "ledger.db")).ShouldBeFalse();
    }

    [Fact]
    public async Task Serve_SpecsDirectoryWithOnlyYmlFiles_Exit3NamingThem()
    {
        var directory = Directory();
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "specs"));
        File.WriteAllText(Path.Combine(directory, "specs", "a.yml"), RunningServer.CheckoutSpec("http://127.0.0.1:9"));

        var (code, error) = await ServeAsync(directory, "--urls", "http://127.0.0.1:0", "--specs", "specs", "--ledger", "ledger.db");

        code.ShouldBe(3);
        error.ShouldBe($"tollgate: error: --specs {Path.Combine(directory, "specs")}: no canary spec (*.yaml) in it, only a.yml: a spec is NAME.yaml, so rename it to .yaml\n");
    }

    [Fact]
    public async Task Serve_PortInUseWithANewLedger_LeavesNoLedgerNorItsDirectory()
    {
        var directory = Directory();
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)holder.LocalEndpoint).Port}";

        var (fresh, _) = await ServeAsync(directory, "--urls", url, "--ledger", "new/ledger.db");
        var (defaulted, _) = await ServeAsync(directory, "--urls", url);

        fresh.ShouldBe(3);
        defaulted.ShouldBe(3);
        System.IO.Directory.EnumerateFileSystemEntries(directory).ShouldBeEmpty("a refused start creates nothing: no ledger, no .tollgate/, no new/");
    }
}
