using Microsoft.Extensions.Logging;
using Tollgate.Cli;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Hosting;

/// <summary>A bad spec, token file or ledger stops <c>tollgate serve</c> with exit 3 and one line, before it listens.</summary>
public sealed class ConfigurationTests
{
    private static async Task<(int Code, string Out, string Error)> ServeAsync(string directory, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var code = await TollgateCli.RunAsync(["serve", "--urls", "http://127.0.0.1:0", .. args], new CliHost(output, error, TimeProvider.System, directory), stop.Token);
        return (code, output.ToString(), error.ToString());
    }

    private static string Directory(string spec = "")
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-serve-config-").FullName;
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "specs"));
        File.WriteAllText(Path.Combine(directory, "specs", "checkout.yaml"), spec.Length > 0 ? spec : RunningServer.CheckoutSpec("http://127.0.0.1:9"));
        File.WriteAllText(Path.Combine(directory, "tokens"), $"alice {RunningServer.AliceToken}\n");
        return directory;
    }

    [Theory]
    [InlineData("window: 5x\n", "checkout.yaml:")]
    [InlineData("groups:\n  baseline: 'a=\"{{stableHas}}\"'\n  canary: 'b'\nwindow: 1m\ninterval: 1m\nmetrics: []\n", "unknown placeholder {{stableHas}}")]
    public async Task Serve_BadSpec_Exit3BeforeListening(string spec, string expected)
    {
        var (code, _, error) = await ServeAsync(Directory(spec), "--specs", "specs", "--ledger", "ledger.db");

        code.ShouldBe(3);
        error.Trim().Split('\n').Length.ShouldBe(1);
        error.ShouldContain(expected);
    }

    [Theory]
    [InlineData("alice short\n", "shorter than 16")]
    [InlineData("alice\n", "expected NAME TOKEN")]
    [InlineData("alice alice-token-0123456789abcdef\nalice bob-token-0123456789abcdef\n", "appears twice")]
    public async Task Serve_BadTokenFile_Exit3(string tokens, string expected)
    {
        var directory = Directory();
        File.WriteAllText(Path.Combine(directory, "tokens"), tokens);

        var (code, _, error) = await ServeAsync(directory, "--specs", "specs", "--token-file", "tokens", "--ledger", "ledger.db");

        code.ShouldBe(3);
        error.ShouldContain(expected);
    }

    [Fact]
    public async Task Serve_UnreachableLedgerOrMissingSpecs_Exit3NamingIt()
    {
        var directory = Directory();

        var ledger = await ServeAsync(directory, "--specs", "specs", "--ledger", "postgres://tollgate:SECRETpw@127.0.0.1:1/ledger");
        var specs = await ServeAsync(directory, "--specs", "nowhere");
        var missingToken = await ServeAsync(directory, "--specs", "specs", "--token-file", "absent", "--ledger", "ledger.db");

        ledger.Code.ShouldBe(3);
        ledger.Error.ShouldContain("127.0.0.1:1");
        ledger.Error.ShouldNotContain("SECRETpw");
        specs.Code.ShouldBe(3);
        specs.Error.ShouldContain("--specs");
        missingToken.Code.ShouldBe(3);
        missingToken.Error.ShouldContain("absent");
    }

    [Theory]
    [InlineData("-5m")]
    [InlineData("2d")]
    [InlineData("later")]
    public async Task Serve_BadExistenceTtl_Exit3OneLine(string ttl)
    {
        var (code, _, error) = await ServeAsync(Directory(), "--specs", "specs", "--ledger", "ledger.db", "--existence-ttl", ttl);

        code.ShouldBe(3);
        error.ShouldBe($"tollgate: error: --existence-ttl {ttl} is not a duration from 0 to 24h like 10m or 1h (0 asks at every look)\n");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("6m")]
    [InlineData("soon")]
    public async Task Serve_BadAnswerBudget_Exit3OneLine(string budget)
    {
        var (code, _, error) = await ServeAsync(Directory(), "--specs", "specs", "--ledger", "ledger.db", "--answer-budget", budget);

        code.ShouldBe(3);
        error.ShouldBe($"tollgate: error: --answer-budget {budget} is not a duration above 0 and up to 5m like 8s or 25s: below the controllers' webhook timeouts\n");
    }

    [Theory]
    [InlineData("Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.0\n", "specs/checkout.k8s is a Helm chart (Chart.yaml)")]
    [InlineData("broken.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x\n", "specs/checkout.k8s/broken.yaml:4:1: not valid YAML")]
    public async Task Serve_ManifestsBesideASpecThatDoNotLint_Exit3NamingThemBeforeListening(string file, string text, string expected)
    {
        var directory = Directory();
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "specs", "checkout.k8s"));
        File.WriteAllText(Path.Combine(directory, "specs", "checkout.k8s", file), text);

        var (code, output, error) = await ServeAsync(directory, "--specs", "specs", "--ledger", "ledger.db");

        code.ShouldBe(3);
        error.Trim().Split('\n').Length.ShouldBe(1);
        error.ShouldStartWith("tollgate: error: " + expected);
        output.ShouldNotContain("listening");
    }

    [Fact]
    public async Task Serve_RegoDirectoryNotThere_Exit3BeforeListening()
    {
        var (code, _, error) = await ServeAsync(Directory(), "--specs", "specs", "--ledger", "ledger.db", "--rego", "policies");

        code.ShouldBe(3);
        error.ShouldBe("tollgate: error: --rego policies: no such directory\n");
    }

    [Theory]
    [InlineData("--specs", "--specs is empty (an unset variable?): give the directory of canary specs, or leave --specs out (the canary routes then hold)")]
    [InlineData("--token-file", "--token-file is empty (an unset variable?): give the file of approvers' tokens, or leave --token-file out (approvals over HTTP then answer 401)")]
    [InlineData("--rego", "--rego is empty (an unset variable?): give the directory of Rego policies, or leave --rego out")]
    [InlineData("--events-token-file", "--events-token-file is empty (an unset variable?): give the file of event senders' tokens, or leave --events-token-file out (POST /api/v1/events is then open)")]
    public async Task Serve_EmptyPath_Exit3NamingTheOptionBeforeListening(string option, string expected)
    {
        // "" (args: ["--specs", "$(SPECS_DIR)"] with the variable unset) was the working directory: its YAML files served
        // as canary specs (a policy there refused as one), its Rego policies run, or "--token-file DIR is a directory".
        var (code, output, error) = await ServeAsync(Directory(), option, "", "--ledger", "ledger.db");

        code.ShouldBe(3);
        error.ShouldBe($"tollgate: error: {expected}\n");
        output.ShouldBeEmpty();
    }

    [Fact]
    public async Task Serve_SpecsAndRegoNamingFiles_Exit3SayingTheyAreFilesNotDirectories()
    {
        // "--specs checkout.yaml: no such directory" sent the user looking for a path that is there.
        var directory = Directory();
        File.WriteAllText(Path.Combine(directory, "checkout.yaml"), "");
        File.WriteAllText(Path.Combine(directory, "policy.rego"), "");

        var specs = await ServeAsync(directory, "--specs", Path.Combine(directory, "checkout.yaml"), "--ledger", "ledger.db");
        var rego = await ServeAsync(directory, "--specs", "specs", "--ledger", "ledger.db", "--rego", "policy.rego");

        specs.Code.ShouldBe(3);
        specs.Error.ShouldBe($"tollgate: error: --specs {Path.Combine(directory, "checkout.yaml")}: a file, not a directory\n");
        rego.Code.ShouldBe(3);
        rego.Error.ShouldBe("tollgate: error: --rego policy.rego: a file, not a directory\n");
    }

    [Fact]
    public async Task Serve_PortInUse_Exit3WithOneLineAndNoStackTraceLogged()
    {
        var directory = Directory();
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)holder.LocalEndpoint).Port}";
        var output = new StringWriter();
        var error = new StringWriter();
        var logged = new List<string>();
        var options = new ServeOptions(url, "specs", directory, Cli.Hosting.Pillars.Rules, Cli.Hosting.Pillars.Vocabulary) { Ledger = "ledger.db" };

        var code = await TollgateCli.RunAsync(["serve", "--urls", url, "--specs", "specs", "--ledger", "ledger.db"], new CliHost(output, error, TimeProvider.System, directory), CancellationToken.None);
        var refused = await Should.ThrowAsync<Domain.InvalidInputException>(() => TollgateServer.StartAsync(options, TimeProvider.System, CancellationToken.None, logging => logging.AddProvider(new ListLoggerProvider(logged, everyCategory: true))));

        code.ShouldBe(3);
        error.ToString().ShouldBe($"tollgate: error: cannot listen on {url}: the address is already in use (another process, perhaps another tollgate serve, listens there): stop it or give a free port with --urls\n");
        refused.Message.ShouldBe(error.ToString()["tollgate: error: ".Length..].TrimEnd('\n'));
        logged.ShouldNotContain(line => line.Contains("Exception", StringComparison.Ordinal), "the host's 'Hosting failed to start' with its stack trace repeats the one line");
    }

    [Fact]
    public async Task Serve_AddressNotThisMachines_Exit3WithTheFixNotAnInternalError()
    {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737), never a local address: Kestrel threw the socket's error itself.
        var directory = Directory();
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await TollgateCli.RunAsync(["serve", "--urls", "http://192.0.2.1:8080", "--ledger", "ledger.db"], new CliHost(output, error, TimeProvider.System, directory), CancellationToken.None);

        code.ShouldBe(3);
        error.ToString().ShouldBe("tollgate: error: cannot listen on http://192.0.2.1:8080: the address is not one of this machine's: listen on 127.0.0.1, 0.0.0.0 or an address of one of its interfaces\n");
    }

    [Fact]
    public async Task Serve_WithoutSpecs_KeepsServingUntilStopped()
    {
        var directory = Directory();
        var output = new StringWriter();
        var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var run = TollgateCli.RunAsync(["serve", "--urls", "http://127.0.0.1:0", "--ledger", "ledger.db"], new CliHost(output, error, TimeProvider.System, directory), stop.Token);

        // The listening line goes to the server's log, not to these writers: a server still running after two seconds
        // got past the configuration checks that refuse with exit 3.
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(2))) == run;

        await stop.CancelAsync();
        var code = await run.WaitAsync(TimeSpan.FromSeconds(60));
        error.ToString().ShouldBeEmpty();
        finished.ShouldBeFalse("serve without --specs keeps serving until stopped");
        code.ShouldNotBe(3);
    }

    [Fact]
    public async Task Serve_Cancelled_StopsAfterFinishingTheRequestInFlight()
    {
        var directory = Directory();
        await using var prometheus = await FakePrometheus.StartAsync();
        prometheus.Delay = TimeSpan.FromSeconds(1);
        await using var server = await RunningServer.StartAsync(prometheus.Url, Ledgers.TempSqlite(), directory);
        var inFlight = server.Http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent($$"""{"spec":"checkout","stableHash":"{{RunningServer.StableHash}}","latestHash":"7c9d5f8b6"}""", System.Text.Encoding.UTF8, "application/json"));

        // Stop once the request is being judged (the server has asked Prometheus, whose answers take a second each),
        // not after a guess at how long connecting takes: on a loaded machine 300 ms was sometimes too short.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Asked(prometheus) == 0 && !inFlight.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Asked(prometheus).ShouldBeGreaterThan(0, "the request reached the server before it was stopped");
        await server.Server.StopAsync();
        using var answer = await inFlight;

        answer.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await answer.Content.ReadAsStringAsync()).ShouldContain("\"verdict\":\"pass\"");
    }

    private static int Asked(FakePrometheus prometheus)
    {
        lock (prometheus.Queries)
        {
            return prometheus.Queries.Count;
        }
    }
}
