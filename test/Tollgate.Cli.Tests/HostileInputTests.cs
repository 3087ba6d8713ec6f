using System.Diagnostics;

namespace Tollgate.Cli.Tests;

/// <summary>
/// The real command line on hostile input (issue 14, readers and computations): each case is exit 3 with one line
/// on stderr that names the input and the problem, within seconds, never a crash, a hang, an internal error or a pass.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private static readonly string Plan = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json");

    private static readonly HostileInputCase[] Cases =
    [
        new("tf: 5,000 nested objects", d => Graph(d, "main.tf", "locals {\n  x = " + Repeat("{a=", 5_000) + "1" + Repeat("}", 5_000) + "\n}\n"), "main.tf:2:"),
        new("tf: 5,000 nested templates", d => Graph(d, "main.tf", "locals {\n  x = " + Repeat("\"${", 5_000) + "1" + Repeat("}\"", 5_000) + "\n}\n"), "main.tf:2:"),
        new("tf: 10,000 nested parentheses", d => Graph(d, "main.tf", "locals {\n  x = " + Repeat("(", 10_000) + "1" + Repeat(")", 10_000) + "\n}\n"), "nesting deeper than 256 levels"),
        new("tf: 10,000 nested dynamic blocks", d => Graph(d, "main.tf", "resource \"terraform_data\" \"a\" {\n" + Repeat("dynamic \"d\" {\ncontent {\n", 10_000) + Repeat("}\n}\n", 10_000) + "}\n"), "main.tf:"),
        new("tf: invalid UTF-8 in a key", d => GraphBytes(d, "main.tf", [.. "locals {\n  k"u8, 0xFF, .. " = 1\n}\n"u8]), "main.tf:2:4: not valid UTF-8 (byte 0xFF)"),
        new("tf: 1.2 GB file", d => GraphSized(d, "main.tf", 1_200_000_000), "main.tf is 1.1 GB; files like it are read up to 128 MB"),
        new("tf: link to /dev/zero", d => GraphLink(d, "main.tf", "/dev/zero"), "main.tf is a character device, not a regular file"),
        new("tf: FIFO", d => GraphFifo(d, "main.tf"), "main.tf is a FIFO, not a regular file"),
        new("tf: dangling link", d => GraphLink(d, "main.tf", "/nonexistent/gone.tf"), "main.tf is a link to /nonexistent/gone.tf, which does not exist"),
        new("tf: looping link", d => GraphLoop(d), "/config/a.tf: too many levels of symbolic links"), // under the directory as given (here its full path), as findings are
        new("dot: cut before its closing brace", d => File(d, "g.dot", "digraph {\n  \"a\" -> \"b\"\n  \"b\" -> \"c\"\n", "graph"), "g.dot:4: not a complete DOT graph: the file ends before the graph's closing '}'"),
        new("dot: prose after the graph", d => File(d, "g.dot", "digraph {\n  \"a\" -> \"b\"\n}\nTwo resources, a and b.\n", "graph"), "g.dot:4: not a complete DOT graph: 'Two' after the graph's closing '}'"),
        new("dot: a line of prose", d => File(d, "g.dot", "These are two resources: a -> b.\n", "graph"), "g.dot is not a DOT graph"),
        new("policy: YAML nested 100,000 deep", d => File(d, "deep.yaml", "rules: " + Repeat("[", 100_000) + Repeat("]", 100_000) + "\n", "policy", "check"), "deep.yaml:1:"),
        new("policy: nine nested exists", d => File(d, "costly.yaml", NineNestedPolicy(), "policy", "check"), "custom rule 'costly': when nests 9 comprehensions"),
        new("plan: nine nested exists", d => Write(d, "costly.yaml", NineNestedPolicy(), ["plan", Plan, "--policy", Path.Combine(d, "costly.yaml"), "--ledger", Path.Combine(d, "l.db")]), "custom rule 'costly': when nests 9 comprehensions"),
        new("ledger: Server= keyword string", d => ["plan", Plan, "--ledger", "Server=127.0.0.1;Port=1;Database=x;Timeout=2"], "PostgreSQL ledger"),
        new("ledger: Host = with spaces", d => ["plan", Plan, "--ledger", "Host = 127.0.0.1;Port = 1;Database=x;Timeout=2"], "PostgreSQL ledger"),
        new("ledger: another scheme", d => ["plan", Plan, "--ledger", "mysql://u@h/x"], "is not a ledger Tollgate knows"),
        new("ledger: empty (an unset variable)", d => ["plan", Plan, "--ledger", ""], "--ledger is empty (an unset variable?)"),
        new("ledger: sqlite: and nothing", d => ["plan", Plan, "--ledger", "sqlite: "], "--ledger is empty (an unset variable?)"),
        new("ledger: not a database", d => Write(d, "x.db", new string('x', 8192), ["plan", Plan, "--ledger", Path.Combine(d, "x.db")]), "the file is not a SQLite database"),
        new("canary: spec nested 100,000 deep", d => File(d, "deep.yaml", "groups: " + Repeat("[", 100_000) + Repeat("]", 100_000) + "\n", "canary", "--spec"), "deep.yaml:1:72: nested deeper than 64 levels"),
        new("canary: spec of block mappings 2,000 deep", d => File(d, "deep.yaml", Spec("window: 10m") + "x:\n" + string.Concat(Enumerable.Range(1, 2_000).Select(i => new string(' ', i) + "a:\n")), "canary", "--spec"), "nested deeper than 64 levels"),
        new("canary: spec of 20 MB", d => Sized(d, "big.yaml", 20_000_000, "canary", "--spec"), "big.yaml is 19.1 MB; files like it are read up to 16 MB"),
        new("canary: window out of range", d => File(d, "spec.yaml", Spec("window: 99999999999999999999y"), "canary", "--spec"), "'window: 99999999999999999999y' is out of range"),
        new("drift: an escape sequence in a column's name", d => Drift(d, "\u001b[2Jscore\n1\n2\n", "\u001b[2Jscore\nhigh\nlow\n"), "feature \\u001b[2Jscore holds numbers in the reference"),
        new("canary: --at out of range", d => Write(d, "spec.yaml", Spec("window: 10m"), ["canary", "--spec", Path.Combine(d, "spec.yaml"), "--at", "1e300"]), "--at 1e300 is out of range"),
        new("plan: a lone surrogate in a value", d => PlanFile(d, "plan", LoneSurrogatePlan("\"x\":\"\\ud800\"")), "s.json is not Unicode text: a string holds half of a UTF-16 surrogate pair alone at line 3, column 86, in resource_changes[0] (an escape such as \\ud800 without its other half)"),
        new("plan: a lone surrogate in a key", d => PlanFile(d, "plan", LoneSurrogatePlan("\"\\udc00\":1")), "s.json is not Unicode text: a string holds half of a UTF-16 surrogate pair alone at line 3, column 82, in resource_changes[0]"),
        new("plan: a byte that is not UTF-8 in a value", d => PlanBytes(d, NotUtf8Plan()), "s.json is not UTF-8: an invalid byte sequence at line 3, column 87, in resource_changes[0]"),
        new("graph: a plan with a lone surrogate", d => PlanFile(d, "graph", LoneSurrogatePlan("\"x\":\"\\ud800\"")), "s.json is not Unicode text: a string holds half of a UTF-16 surrogate pair alone at line 3, column 86, in resource_changes[0]"),
        new("plan: UTF-32", d => PlanBytes(d, [0xFF, 0xFE, 0, 0, .. System.Text.Encoding.UTF32.GetBytes("{}")]), "s.json is UTF-32 text (as Out-File -Encoding utf32 writes it), not the UTF-8 JSON terraform show -json writes"),
        new("plan: UTF-32 big-endian", d => PlanBytes(d, [0, 0, 0xFE, 0xFF, .. new System.Text.UTF32Encoding(bigEndian: true, byteOrderMark: false).GetBytes("{}")]), "s.json is UTF-32 text, not the UTF-8 JSON terraform show -json writes"),
        new("plan: format_version 1", d => PlanFile(d, "plan", "{\"format_version\":\"1\",\"resource_changes\":[]}"), "s.json has plan format_version '1' (not a version number)"),
        new("plan: format_version with an escape", d => PlanFile(d, "plan", "{\"format_version\":\"1.2\\u001b[2J\\nPASS\",\"resource_changes\":[]}"), "s.json has plan format_version '1.2\\u001b[2J\\nPASS' (not a version number)"),
        new("events: a byte that is not UTF-8", d => Events(d, "\"D1\"", [.. "\"D"u8, 0xFF, .. "\""u8]), "f.ndjson:1: not UTF-8: an invalid byte sequence at column 46"),
        new("events: a lone surrogate in an id", d => Events(d, "\"D1\"", "\"D\\ud800\""u8.ToArray()), "f.ndjson:1: not Unicode text: a string holds half of a UTF-16 surrogate pair alone at column 46"),
        new("events: a lone surrogate in a subject", d => Events(d, "\"service/checkout\"", "\"service/\\udc00\""u8.ToArray()), "f.ndjson:1: not Unicode text: a string holds half of a UTF-16 surrogate pair alone at column 194"),
        new("tf.json: a lone surrogate in a value", d => Graph(d, "main.tf.json", "{\"resource\":{\"terraform_data\":{\"x\":{\"input\":\"\\ud800\"}}}}"), "main.tf.json: not Unicode text: a string holds half of a UTF-16 surrogate pair alone at line 1, column 46"),
        new("tf.json: a lone surrogate in a name", d => Graph(d, "main.tf.json", "{\n\"resource\": {\"terraform_data\": {\"\\udc00\": {}}}}"), "main.tf.json: not Unicode text: a string holds half of a UTF-16 surrogate pair alone at line 2, column 34"),
        new("scan: a lone surrogate in a SARIF tool name", d => Scan(d, "{\"runs\":[{\"tool\":{\"driver\":{\"name\":\"x\\ud800\"}},\"results\":[]}]}"u8.ToArray()), "s.sarif is not Unicode text: a string holds half of a UTF-16 surrogate pair alone at line 1, column 38"),
        new("scan: a byte that is not UTF-8 in a SARIF tool name", d => Scan(d, [.. "{\"runs\":[{\"tool\":{\"driver\":{\"name\":\"x"u8, 0xC3, 0x28, .. "\"}},\"results\":[]}]}"u8]), "s.sarif is not UTF-8: an invalid byte sequence at line 1, column 38"),
        new("mlflow export: a lone surrogate in a model's name", d => Mlflow(d, "{\"registered_models\":[{\"name\":\"fr\\ud800aud\"}]}"u8.ToArray()), "export.json: not Unicode text: a string holds half of a UTF-16 surrogate pair alone at line 1, column 34"),
        new("mlflow export: a byte that is not UTF-8 in a model's name", d => Mlflow(d, [.. "{\"registered_models\":[{\"name\":\"fr"u8, 0xC3, 0x28, .. "aud\"}]}"u8]), "export.json: not UTF-8: an invalid byte sequence at line 1, column 34"),
        new("tf: escape of a surrogate", d => Graph(d, "main.tf", "resource \"a\" \"b\" {\n  x = \"\\ud800\"\n}\n"), "main.tf:2:8: invalid escape sequence \\ud800: cannot encode character U+D800 in UTF-8"),
        new("tf: escape past U+10FFFF", d => Graph(d, "main.tf", "resource \"a\" \"b\" {\n  x = \"\\U00110000\"\n}\n"), "main.tf:2:8: invalid escape sequence \\U00110000: cannot encode character U+110000 in UTF-8"),
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-hostile-").FullName;

    public static TheoryData<string> Names => new(Cases.Select(c => c.Name));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Cli_HostileInput_ExitThreeWithOneLineNamingTheProblem(string name)
    {
        var hostile = Cases.Single(c => c.Name == name);
        var args = hostile.Arrange(_directory);
        var clock = Stopwatch.StartNew();

        var run = await CliRun.RunAsync(_directory, args);

        run.ExitCode.ShouldBe(3, run.Error);
        run.Error.ShouldStartWith("tollgate: error: ");
        run.Error.TrimEnd().ShouldNotContain('\n');
        run.Error.ShouldContain(hostile.Expected);
        run.Error.ShouldNotContain("internal error");
        run.Error.ShouldNotContain('\u001b', "a quoted input cannot clear or recolour the terminal");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
        System.IO.File.Exists(Path.Combine(_directory, "Server=127.0.0.1;Port=1;Database=x;Timeout=2")).ShouldBeFalse();
    }

    [Theory]
    [InlineData(false, "standard input is not Unicode text: a string holds half of a UTF-16 surrogate pair alone at line 3, column 86, in resource_changes[0] (an escape such as \\ud800 without its other half)")]
    [InlineData(true, "standard input is not UTF-8: an invalid byte sequence at line 3, column 87, in resource_changes[0]")]
    public async Task Plan_StandardInputNotText_NamedAsStandardInputByLineAndColumn(bool notUtf8, string expected)
    {
        // From a file (it can be read again to place the problem) and through a pipe (its lines counted on the way).
        byte[] json = notUtf8
            ? NotUtf8Plan()
            : System.Text.Encoding.UTF8.GetBytes(LoneSurrogatePlan("\"x\":\"\\ud800\""));
        using var pipe = new System.IO.Pipes.AnonymousPipeServerStream(System.IO.Pipes.PipeDirection.Out);
        using var piped = new System.IO.Pipes.AnonymousPipeClientStream(System.IO.Pipes.PipeDirection.In, pipe.ClientSafePipeHandle);
        var writing = Task.Run(() =>
        {
            pipe.Write(json);
            pipe.Dispose();
        });

        var file = await CliRun.RunAsync(_directory, new MemoryStream(json), "plan", "-", "--ledger", Path.Combine(_directory, "l.db"));
        var fromPipe = await CliRun.RunAsync(_directory, piped, "plan", "-", "--ledger", Path.Combine(_directory, "l.db"));
        await writing;

        piped.CanSeek.ShouldBeFalse();
        file.ExitCode.ShouldBe(3, file.Error);
        file.Error.ShouldBe($"tollgate: error: {expected}\n");
        fromPipe.ExitCode.ShouldBe(3, fromPipe.Error);
        fromPipe.Error.ShouldBe($"tollgate: error: {expected}\n");
    }

    [Fact]
    public async Task Plan_AddressesWithControlCharacters_EscapedInTheTextReportExactInJson()
    {
        // A newline and an escape sequence in an address and its module printed a forged PASS line and cleared the screen.
        const string Forged = "a.b\u001b[2J\nPASS  terraform-plan forged";
        var plan = "{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"a.b\\u001b[2J\\nPASS  terraform-plan forged\",\"module_address\":\"module.x\\u001b[31m\\nPASS mod\","
            + "\"type\":\"a\",\"name\":\"b\",\"change\":{\"actions\":[\"delete\"],\"before\":{\"x\":1},\"after\":null}}]}";
        var args = Write(_directory, "ctl.json", plan, ["plan", Path.Combine(_directory, "ctl.json"), "--ledger", Path.Combine(_directory, "l.db")]);

        var text = await CliRun.RunAsync(_directory, args);
        var json = await CliRun.RunAsync(_directory, [.. args, "--format", "json"]);

        text.ExitCode.ShouldBe(2, text.Error);
        text.Out.ShouldNotContain('\u001b');
        text.Out.Split('\n').ShouldNotContain(line => line.StartsWith("PASS", StringComparison.Ordinal));
        text.Out.ShouldContain("a.b\\u001b[2J\\nPASS  terraform-plan forged is destroyed");
        text.Out.ShouldContain("\nmodule.x\\u001b[31m\\nPASS mod\n");
        System.Text.Json.JsonDocument.Parse(json.Out).RootElement.GetProperty("findings")[0].GetProperty("address").GetString().ShouldBe(Forged);
    }

    [Fact]
    public async Task EmptyLedger_RecordsNowhere()
    {
        // --ledger "$LEDGER" with LEDGER unset: recording into .tollgate/ledger.db here would split verdicts from approvals.
        var run = await CliRun.RunAsync(_directory, "plan", Plan, "--ledger", "");

        run.ExitCode.ShouldBe(3, run.Error);
        Directory.Exists(Path.Combine(_directory, ".tollgate")).ShouldBeFalse();
    }

    private static string[] Graph(string directory, string file, string text)
    {
        var config = Directory.CreateDirectory(Path.Combine(directory, "config")).FullName;
        System.IO.File.WriteAllText(Path.Combine(config, file), text);
        return ["graph", config, "--ledger", Path.Combine(directory, "l.db")];
    }

    private static string[] GraphBytes(string directory, string file, byte[] bytes)
    {
        var args = Graph(directory, file, "");
        System.IO.File.WriteAllBytes(Path.Combine(args[1], file), bytes);
        return args;
    }

    private static string[] GraphSized(string directory, string file, long length)
    {
        var args = Graph(directory, file, "");
        using var stream = System.IO.File.OpenWrite(Path.Combine(args[1], file));
        stream.SetLength(length); // sparse: no disk used
        return args;
    }

    private static string[] Sized(string directory, string file, long length, params string[] command)
    {
        var args = File(directory, file, "", command);
        using var stream = System.IO.File.OpenWrite(Path.Combine(directory, file));
        stream.SetLength(length); // sparse: no disk used
        return args;
    }

    private static string[] GraphLink(string directory, string file, string target)
    {
        var args = Graph(directory, "other.tf", "");
        System.IO.File.CreateSymbolicLink(Path.Combine(args[1], file), target);
        return args;
    }

    private static string[] GraphLoop(string directory)
    {
        var args = Graph(directory, "other.tf", "");
        System.IO.File.CreateSymbolicLink(Path.Combine(args[1], "a.tf"), Path.Combine(args[1], "b.tf"));
        System.IO.File.CreateSymbolicLink(Path.Combine(args[1], "b.tf"), Path.Combine(args[1], "a.tf"));
        return args;
    }

    private static string[] GraphFifo(string directory, string file)
    {
        var args = Graph(directory, "other.tf", "");
        Process.Start("mkfifo", Path.Combine(args[1], file))!.WaitForExit();
        return args;
    }

    /// <summary>A plan whose one change, on its third line, has <paramref name="member"/> before.</summary>
    private static string LoneSurrogatePlan(string member) =>
        "{\"format_version\":\"1.2\",\n\"resource_changes\":[\n{\"address\":\"a.b\",\"type\":\"a\",\"name\":\"b\",\"change\":{\"actions\":[\"update\"],\"before\":{" + member + "},\"after\":{}}}]}";

    /// <summary>The plan of <see cref="LoneSurrogatePlan"/> with the byte 0xFF, which is not UTF-8, in its value.</summary>
    private static byte[] NotUtf8Plan()
    {
        var json = System.Text.Encoding.UTF8.GetBytes(LoneSurrogatePlan("\"x\":\"D#\""));
        json[Array.IndexOf(json, (byte)'#')] = 0xFF;
        return json;
    }

    private static string[] PlanFile(string directory, string command, string json) =>
        Write(directory, "s.json", json, [command, Path.Combine(directory, "s.json"), "--ledger", Path.Combine(directory, "l.db")]);

    private static string[] PlanBytes(string directory, byte[] bytes)
    {
        System.IO.File.WriteAllBytes(Path.Combine(directory, "s.json"), bytes);
        return ["plan", Path.Combine(directory, "s.json"), "--ledger", Path.Combine(directory, "l.db")];
    }

    /// <summary>The worked example's events with <paramref name="text"/> in its first line replaced by <paramref name="bytes"/>.</summary>
    private static string[] Events(string directory, string text, byte[] bytes)
    {
        var example = System.IO.File.ReadAllBytes(Tollgate.Testing.Repository.File("examples", "deploys", "worked-example.ndjson"));
        var at = example.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text));
        System.IO.File.WriteAllBytes(Path.Combine(directory, "f.ndjson"), [.. example.AsSpan(0, at), .. bytes, .. example.AsSpan(at + text.Length)]);
        return ["events", "ingest", Path.Combine(directory, "f.ndjson"), "--ledger", Path.Combine(directory, "l.db")];
    }

    private static string[] Scan(string directory, byte[] bytes)
    {
        System.IO.File.WriteAllBytes(Path.Combine(directory, "s.sarif"), bytes);
        return ["plan", Plan, "--scan", Path.Combine(directory, "s.sarif"), "--ledger", Path.Combine(directory, "l.db")];
    }

    private static string[] Mlflow(string directory, byte[] bytes)
    {
        System.IO.File.WriteAllBytes(Path.Combine(directory, "export.json"), bytes);
        return ["model", "import", "--mlflow", Path.Combine(directory, "export.json"), "--ledger", Path.Combine(directory, "l.db")];
    }

    private static string[] Drift(string directory, string reference, string current)
    {
        System.IO.File.WriteAllText(Path.Combine(directory, "ref.csv"), reference);
        System.IO.File.WriteAllText(Path.Combine(directory, "cur.csv"), current);
        return ["model", "drift", "--reference", Path.Combine(directory, "ref.csv"), "--current", Path.Combine(directory, "cur.csv"), "--ledger", Path.Combine(directory, "l.db")];
    }

    private static string[] File(string directory, string file, string text, params string[] command) =>
        Write(directory, file, text, [.. command, Path.Combine(directory, file)]);

    private static string[] Write(string directory, string file, string text, string[] args)
    {
        System.IO.File.WriteAllText(Path.Combine(directory, file), text);
        return args;
    }

    private static string NineNestedPolicy() =>
        "custom:\n  - name: costly\n    severity: high\n    when: >-\n      "
        + string.Concat(Enumerable.Range(0, 9).Select(i => $"change.actions.exists(a{i}, "))
        + "a0 == a8" + new string(')', 9) + "\n";

    private static string Spec(string window) =>
        System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "checkout.yaml")).Replace("window: 10m", window, StringComparison.Ordinal);

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));
}
