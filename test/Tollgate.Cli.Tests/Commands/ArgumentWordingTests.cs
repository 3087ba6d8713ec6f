using Tollgate.Cli.Commands;
using Tollgate.Cli.Hosting;
using Tollgate.Cli.Reports;
using Tollgate.Domain;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>Bad command-line values are named in the user's words: the option, what it takes, never a .NET type.</summary>
public sealed class ArgumentWordingTests
{
    private readonly string _directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-args-").FullName;

    [Theory]
    [InlineData("--fan-out abc is not a whole number of 1 or more", "graph", "main.tf", "--fan-out", "abc")]
    [InlineData("--fan-out 99999999999999 is too large: the largest accepted is 2147483647", "graph", "main.tf", "--fan-out", "99999999999999")]
    [InlineData("--keep x: expected a whole number", "retention", "plan", "--registry", "http://r", "--repository", "a", "--keep", "x")]
    [InlineData("--report-year 99999999999 is too large: the largest accepted is 2147483647", "dora", "--report-year", "99999999999")]
    [InlineData("--max-daily-drop fast: expected a number such as 0.25", "model", "alert-rules", "fraud", "--max-daily-drop", "fast")]
    [InlineData("--max-daily-drop 1e999 is not a finite number", "model", "alert-rules", "fraud", "--max-daily-drop", "1e999")]
    [InlineData("--alpha -Infinity is not a finite number", "model", "drift", "--reference", "r.csv", "--current", "r.csv", "--alpha", "-Infinity")]
    [InlineData("--min-daily-change NaN is not a finite number", "model", "trend", "--series", "k.csv", "--min-daily-change", "NaN")]
    public async Task Parse_ValueOfTheWrongKind_NamesTheOptionAndWhatItTakes(string message, params string[] args)
    {
        var run = await CliRun.RunAsync(_directory, args);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe($"tollgate: error: {message} (see tollgate --help)\n");
    }

    [Theory]
    [InlineData("unknown command 'plna' for tollgate; did you mean 'plan'?", "plna", "plan.json")]
    [InlineData("unknown command 'registr' for tollgate model; did you mean 'register'?", "model", "registr", "fraud")]
    [InlineData("unknown command 'xyzzy' for tollgate (one of plan, approve, policy, canary, k8s, graph, state-split, deploy, events, dora, retention, drill, model, verdicts, serve)", "xyzzy")]
    [InlineData("unknown option '--formt' for tollgate plan; did you mean '--format'?", "plan", "--formt", "json", "plan.json")]
    [InlineData("unknown option '--spce' for tollgate canary; did you mean '--spec'?", "canary", "--spce", "c.yaml")]
    [InlineData("option '--ledger' is given before the command it belongs to: write it after tollgate plan (tollgate plan --ledger …)", "--ledger", "x.db", "plan", "plan.json")]
    [InlineData("unexpected argument 'b.json' for tollgate plan", "plan", "a.json", "b.json")]
    [InlineData("tollgate deploy needs a command: one of start, finish, watch, run", "deploy")]
    public async Task Parse_UnknownWord_NamesItAndTheNearestCommandOrOption(string message, params string[] args)
    {
        var run = await CliRun.RunAsync(_directory, args);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe($"tollgate: error: {message} (see tollgate --help)\n");
    }

    [Fact]
    public async Task Serve_MaxBodySizeNotASize_OneLineNamingTheFormsItTakes()
    {
        var run = await CliRun.RunAsync(_directory, ["serve", "--specs", ".", "--max-body-size", "1e9"]);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe("tollgate: error: --max-body-size 1e9: expected a positive size in bytes or with a unit (16777216, 600MB, 512MiB, 1.5GiB)\n");
    }

    [Theory]
    [InlineData(typeof(int?), "a whole number")]
    [InlineData(typeof(long), "a whole number")]
    [InlineData(typeof(double), "a number such as 0.25")]
    [InlineData(typeof(bool), "true or false")]
    [InlineData(typeof(TimeSpan), "a duration like 90s, 10m or 1h")]
    [InlineData(typeof(ReportFormat), "one of text, json, sarif, markdown, junit")]
    public void Kind_Type_IsWhatAUserTypes(Type type, string words)
    {
        ParseProblem.Kind(type).ShouldBe(words);
    }

    [Fact]
    public async Task Help_Format_ShowsTheValuesAsTyped()
    {
        var run = await CliRun.RunAsync(_directory, "plan", "--help");

        run.Out.ShouldContain("-f, --format <text|json|sarif|markdown|junit>");
        run.Out.ShouldNotContain("Json|Junit");
        run.Out.ShouldNotContain("[default: Text]");
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("graph")]
    [InlineData("state-split")]
    [InlineData("approve")]
    public async Task Help_TerraformTimeout_ShowsItsDefaultOnceAsADuration(string command)
    {
        // Before: "… (e.g. 90s, 10m, 1h; default 30m) and exit 3 [default: 00:30:00]", the default twice, once as a TimeSpan.
        var run = await CliRun.RunAsync(_directory, command, "--help");

        run.Out.ShouldContain("default 30m) and exit 3\n");
        run.Out.ShouldNotContain("00:30:00");
    }

    [Fact]
    public async Task Plan_NoFormat_IsText()
    {
        var plan = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json");

        var run = await CliRun.RunAsync(_directory, "plan", plan);

        run.Out.ShouldNotStartWith("{");
        run.Out.ShouldContain("REVIEW");
    }

    [Theory]
    [InlineData("notaurl", "--urls notaurl: not a URL; expected a URL like http://127.0.0.1:8080 or http://0.0.0.0:8080")]
    [InlineData("ftp://host:21", "--urls ftp://host:21: the scheme is ftp, not http; expected a URL like http://127.0.0.1:8080 or http://0.0.0.0:8080")]
    [InlineData("https://127.0.0.1:8443", "--urls https://127.0.0.1:8443: tollgate serve speaks plain HTTP (TLS ends in front of it: an ingress, a service mesh or a proxy); give http://; expected a URL like http://127.0.0.1:8080 or http://0.0.0.0:8080")]
    [InlineData("http://example.com:8080", "--urls http://example.com:8080: example.com is a host name, on which Kestrel listens on every interface; give an address (127.0.0.1, or 0.0.0.0 for every interface) or localhost; expected a URL like http://127.0.0.1:8080 or http://0.0.0.0:8080")]
    [InlineData("http://127.0.0.1:99999", "--urls http://127.0.0.1:99999: the port 99999 is not a number from 0 to 65535; expected a URL like http://127.0.0.1:8080 or http://0.0.0.0:8080")]
    public async Task Serve_UrlsNotAUrl_PlainErrorNamingTheOption(string urls, string message)
    {
        Directory.CreateDirectory(Path.Combine(_directory, "specs"));

        var run = await CliRun.RunAsync(_directory, "serve", "--specs", "specs", "--urls", urls);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe($"tollgate: error: {message}\n");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task K8sLint_EmptyNamespace_RefusedInOneLine(string space)
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "app.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");

        var run = await CliRun.RunAsync(_directory, "k8s", "lint", "app.yaml", "--namespace", space);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe("tollgate: error: --namespace is empty (an unset variable?): give a namespace, or leave --namespace out for default (see tollgate --help)\n");
    }

    [Fact]
    public async Task DeployWatchHelp_Timeout_LimitsTheRollbackOnly()
    {
        var watch = await CliRun.RunAsync(_directory, "deploy", "watch", "--help");
        var run = await CliRun.RunAsync(_directory, "deploy", "run", "--help");

        watch.Out.ShouldContain("Limit for the rollback command (default 10m); past it the command is killed and the rollback is recorded as failed");
        watch.Out.ShouldNotContain("deploy or rollback command");
        run.Out.ShouldContain("Limit for each deploy or rollback command");
    }

    [Fact]
    public async Task DrillRun_ZeroTimeout_SaysItMustBePositive()
    {
        var run = await CliRun.RunAsync(_directory, "drill", "run", "api", "--rollback-cmd", "true", "--forward-cmd", "true", "--timeout", "0s");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe("tollgate: error: --timeout 0s: the duration must be longer than zero\n");
    }

    [Fact]
    public void Duration_NotADuration_SaysWhatOneLooksLike()
    {
        Should.Throw<InvalidInputException>(() => Tollgate.Canary.Spec.PromDuration.Parse("soon", "--window")).Message
            .ShouldBe("--window soon is not a duration like 90s, 10m, 24h or 30d");
    }

    [Fact]
    public async Task DeployStart_ChangeWithBadTime_QuotesItAsTyped()
    {
        var run = await CliRun.RunAsync(_directory, "deploy", "start", "api", "--version", "v1", "--env", "production", "--changes", "abc@notatime");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe("tollgate: error: --changes abc@notatime: the commit time notatime is neither RFC 3339 (2026-01-10T10:00:00Z) nor Unix seconds\n");
    }

    [Theory]
    [InlineData("dir is a directory, not a regular file", "policy", "check", "dir")]
    [InlineData("dir is a directory, not a regular file", "graph", "main.tf", "--owners", "dir")]
    [InlineData("dir is a directory, not a regular file", "state-split", ".", "--owners", "dir")]
    public async Task Input_DirectoryWhereAFileBelongs_SaysItIsADirectory(string message, params string[] args)
    {
        Directory.CreateDirectory(Path.Combine(_directory, "dir"));
        await File.WriteAllTextAsync(Path.Combine(_directory, "main.tf"), "resource \"terraform_data\" \"a\" {}\n");

        var run = await CliRun.RunAsync(_directory, args);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe($"tollgate: error: {message}\n");
    }

    [Fact]
    public async Task Plan_ScanIsADirectory_SaysItIsADirectory()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "scans"));
        var plan = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json");

        var run = await CliRun.RunAsync(_directory, "plan", plan, "--scan", "scans");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe("tollgate: error: scans is a directory, not a regular file\n");
    }
}
