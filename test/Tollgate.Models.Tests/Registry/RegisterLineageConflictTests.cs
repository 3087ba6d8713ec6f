using Tollgate.Domain.Verdicts;
using Tollgate.Models.Registry;

namespace Tollgate.Models.Tests.Registry;

/// <summary>What a registration run again claims of a version besides its content: its commit, its parameters, its event.</summary>
public sealed class RegisterLineageConflictTests
{
    [Fact]
    public async Task RunAsync_SameVersionOtherCommitOrParams_IsAnInputErrorNamingWhatDiffers()
    {
        // Before: "q@1 is already registered with this content", exit 0, and def222 / {"lr":0.9} dropped without a word.
        await using var m = await ModelLedger.OpenAsync();
        m.Write("a.bin", "a");
        m.Write("x.csv", "x\n1\n");
        m.Write("p1.json", """{"lr":0.1}""");
        m.Write("p1b.json", """{ "lr" : 0.1 }""");
        m.Write("p2.json", """{"lr":0.9}""");
        var gate = new RegisterGate(m.Registry);
        RegisterRequest Request(string? commit, string? parameters) => new("q", "1", "a.bin", ["x.csv"]) { CodeCommit = commit, Params = parameters };
        (await gate.RunAsync(Request("abc111", "p1.json"), m.Context())).Verdict.ShouldBe(Verdict.Pass);

        var both = await Should.ThrowAsync<Domain.InvalidInputException>(() => gate.RunAsync(Request("def222", "p2.json"), m.Context()));
        var commit = await Should.ThrowAsync<Domain.InvalidInputException>(() => gate.RunAsync(Request("def222", null), m.Context()));

        both.Message.ShouldBe("""q@1 is already registered with code commit abc111 (this run gives def222) and params {"lr":0.1} (this run gives {"lr":0.9}); a version is immutable, so nothing was recorded: register a new version""");
        commit.Message.ShouldBe("q@1 is already registered with code commit abc111 (this run gives def222); a version is immutable, so nothing was recorded: register a new version");
        var recorded = (await m.Registry.FindAsync("q", "1"))!;
        recorded.CodeCommit.ShouldBe("abc111");
        (await m.Ledger.RecentAsync(RegisterGate.Kind, 10)).Count.ShouldBe(1);
        // The same claims (the params as the same JSON value), or none, are the no-op they were.
        (await gate.RunAsync(Request("abc111", "p1b.json"), m.Context())).Reason.ShouldBe("q@1 is already registered with this content");
        (await gate.RunAsync(Request(null, null), m.Context())).Verdict.ShouldBe(Verdict.Pass);
    }

    [Fact]
    public async Task RunAsync_CommitOnAVersionRegisteredWithout_IsAnInputError()
    {
        await using var m = await ModelLedger.OpenAsync();
        m.Write("a.bin", "a");
        m.Write("x.csv", "x\n1\n");
        var gate = new RegisterGate(m.Registry);
        await gate.RunAsync(new RegisterRequest("q", "1", "a.bin", ["x.csv"]), m.Context());

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => gate.RunAsync(new RegisterRequest("q", "1", "a.bin", ["x.csv"]) { CodeCommit = "abc" }, m.Context()));

        error.Message.ShouldStartWith("q@1 is already registered with no code commit (this run gives abc); a version is immutable");
        (await m.Registry.FindAsync("q", "1"))!.CodeCommit.ShouldBeNull();
    }

    [Fact]
    public async Task RunAsync_SameVersionOtherMetrics_IsAnInputErrorNamingThem()
    {
        // Before: "q@1 is already registered with this content", exit 0, and the other metrics dropped without a word.
        await using var m = await ModelLedger.OpenAsync();
        m.Write("a.bin", "a");
        m.Write("x.csv", "x\n1\n");
        m.Write("m1.json", """{"auc":0.91}""");
        m.Write("m1b.json", """{ "auc" : 0.91 }""");
        m.Write("m2.json", """{"auc":0.97}""");
        var gate = new RegisterGate(m.Registry);
        RegisterRequest Request(string? metrics) => new("q", "1", "a.bin", ["x.csv"]) { Metrics = metrics };
        await gate.RunAsync(Request("m1.json"), m.Context());

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => gate.RunAsync(Request("m2.json"), m.Context()));

        error.Message.ShouldBe("""q@1 is already registered with metrics {"auc":0.91} (this run gives {"auc":0.97}); a version is immutable, so nothing was recorded: register a new version""");
        (await m.Registry.FindAsync("q", "1"))!.Metrics.ShouldBe("""{"auc":0.91}""");
        var same = await gate.RunAsync(Request("m1b.json"), m.Context());
        same.Reason.ShouldBe("q@1 is already registered with this content");
        same.Notes.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_MetricsOnAVersionRegisteredWithout_IsAnInputErrorAndRecordsNothing()
    {
        // Before: exit 0 with a note that the metrics were not recorded. A registered version is immutable (docs/models.md).
        await using var m = await ModelLedger.OpenAsync();
        m.Write("a.bin", "a");
        m.Write("x.csv", "x\n1\n");
        m.Write("m1.json", """{"auc":0.91}""");
        var gate = new RegisterGate(m.Registry);
        await gate.RunAsync(new RegisterRequest("q", "1", "a.bin", ["x.csv"]), m.Context());
        var verdicts = (await m.Ledger.RecentAsync(null, 50)).Count;

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => gate.RunAsync(new RegisterRequest("q", "1", "a.bin", ["x.csv"]) { Metrics = "m1.json" }, m.Context()));

        error.Message.ShouldBe("""q@1 is already registered with no metrics (this run gives {"auc":0.91}); a version is immutable, so nothing was recorded: register a new version""");
        (await m.Registry.FindAsync("q", "1"))!.Metrics.ShouldBeNull();
        (await m.Ledger.RecentAsync(null, 50)).Count.ShouldBe(verdicts);
    }

    [Fact]
    public async Task RunAsync_RecordedParamsWithADuplicateKey_ComparesWithTheLastValue()
    {
        // Rows recorded before 2026-12-05 may hold a key twice; comparing them threw instead of deciding.
        await using var m = await ModelLedger.OpenAsync();
        m.Write("a.bin", "a");
        m.Write("x.csv", "x\n1\n");
        m.Write("last.json", """{"lr":0.2,"depth":6}""");
        m.Write("first.json", """{"lr":0.1,"depth":6}""");
        var gate = new RegisterGate(m.Registry);
        await gate.RunAsync(new RegisterRequest("q", "1", "a.bin", ["x.csv"]) { Params = "last.json" }, m.Context());
        var recorded = (await m.Registry.FindAsync("q", "1"))!;
        await using var old = await ModelLedger.OpenAsync();
        await old.Registry.RegisterAsync(recorded with { Params = """{"lr":0.1,"depth":6,"lr":0.2}""" });
        old.Write("a.bin", "a");
        old.Write("x.csv", "x\n1\n");
        old.Write("last.json", """{"lr":0.2,"depth":6}""");
        old.Write("first.json", """{"lr":0.1,"depth":6}""");
        var oldGate = new RegisterGate(old.Registry);

        var same = await oldGate.RunAsync(new RegisterRequest("q", "1", "a.bin", ["x.csv"]) { Params = "last.json" }, old.Context());
        var other = await Should.ThrowAsync<Domain.InvalidInputException>(() => oldGate.RunAsync(new RegisterRequest("q", "1", "a.bin", ["x.csv"]) { Params = "first.json" }, old.Context()));

        same.Reason.ShouldBe("q@1 is already registered with this content");
        other.Message.ShouldStartWith("q@1 is already registered with params");
        VersionContent.SameJson("""{"a":1,"a":2}""", """{"a":2}""").ShouldBeTrue();
        VersionContent.SameJson("""{"a":1,"a":2}""", """{"a":1}""").ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_OpenLineageEvent_NamesFilesByAbsolutePathWhereverItRan()
    {
        // Before: "x.csv" in one event and "../x.csv" in the other for the same file, as typed in each directory.
        await using var m = await ModelLedger.OpenAsync();
        m.Write("a.bin", "a");
        m.Write("x.csv", "x\n1\n");
        m.Write("d/q.csv", "q\n");
        Directory.CreateDirectory(m.Dir.File("sub"));
        var gate = new RegisterGate(m.Registry);
        await gate.RunAsync(new RegisterRequest("ol", "1", "a.bin", ["x.csv", "d/"]) { OpenLineage = "ol.json" }, m.Context());
        var fromSub = m.Context() with { WorkingDirectory = m.Dir.File("sub") };
        await gate.RunAsync(new RegisterRequest("ol", "2", "../a.bin", ["../x.csv", m.Dir.File("d")]) { OpenLineage = "ol2.json" }, fromSub);
        await gate.RunAsync(new RegisterRequest("ol", "2", "../a.bin", ["../x.csv", "../d"]) { OpenLineage = "again.json" }, fromSub);

        string[] Inputs(string file)
        {
            using var json = Lineage.OpenLineageLines.Complete(file);
            return [.. json.RootElement.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("namespace").GetString() + " " + i.GetProperty("name").GetString())];
        }

        string[] expected = [$"file {m.Dir.File("x.csv")}", $"file {m.Dir.File("d")}"];
        Inputs(m.Dir.File("ol.json")).ShouldBe(expected);
        Inputs(m.Dir.File("sub/ol2.json")).ShouldBe(expected);
        Inputs(m.Dir.File("sub/again.json")).ShouldBe(expected);
    }
}
