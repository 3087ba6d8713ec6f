using System.Text.Json;

namespace Tollgate.Canary.Tests.Cli;

/// <summary>
/// <c>--stable-hash</c> and <c>--latest-hash</c> fill <c>{{stableHash}}</c> and <c>{{latestHash}}</c> in a spec's group
/// selectors through the same code as <c>tollgate serve</c>: the benchmark's recording (made with those hashes) judges
/// from the command line as the server judges it.
/// </summary>
public sealed class CanaryHashOptionsTests
{
    private static readonly string Specs = Tollgate.Testing.Repository.File("bench", "serve", "specs");

    private static readonly JsonElement Request = JsonDocument.Parse(File.ReadAllText(Path.Combine(Specs, "..", "request.json"))).RootElement;

    private readonly string _directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-canary-hashes-").FullName;

    [Fact]
    public async Task Canary_HashesOfTheRecording_PassFromTheReplay()
    {
        var run = await RunAsync("--stable-hash", Request.GetProperty("stableHash").GetString()!, "--latest-hash", Request.GetProperty("latestHash").GetString()!);

        run.ExitCode.ShouldBe(0, run.Error);
        var report = JsonDocument.Parse(run.Out).RootElement;
        report.GetProperty("verdict").GetString().ShouldBe("pass");
        report.GetProperty("findings").EnumerateArray().ShouldContain(f => f.GetProperty("rule").GetString() == "relative");
    }

    [Fact]
    public async Task Canary_OtherCanaryHash_HoldsForWantOfRecordedAnswers()
    {
        var run = await RunAsync("--stable-hash", Request.GetProperty("stableHash").GetString()!, "--latest-hash", "0000000000");

        run.ExitCode.ShouldBe(2, run.Error);
        JsonDocument.Parse(run.Out).RootElement.GetProperty("verdict").GetString().ShouldBe("hold");
    }

    [Fact]
    public async Task Canary_SelectorsNeedHashesNoneGiven_Exit3()
    {
        var run = await RunAsync();

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldContain("the group selectors use {{stableHash}}: give the baseline's pod-template hash with --stable-hash (stableHash in a request to tollgate serve)");
    }

    [Fact]
    public async Task Canary_HashThatIsNotALabelValue_Exit3()
    {
        var run = await RunAsync("--stable-hash", "a\"}or{x=\"", "--latest-hash", "7c9d5f8b6");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldContain("is not a pod-template hash");
    }

    [Theory]
    [InlineData("--stable-hash")]
    [InlineData("--latest-hash")]
    public async Task Canary_HashThatIsNotALabelValueForASpecWithoutHashes_Exit3BeforeAnyQuery(string option)
    {
        // As the server refuses such a stableHash whatever the spec; it was judged (and held, Prometheus being away).
        var run = await CliRun.RunAsync(_directory, null, [
            "canary", "--spec", Tollgate.Testing.Repository.File("examples", "canary", "checkout.yaml"), option, "a b",
            "--prometheus", "http://127.0.0.1:9", "--ledger", Path.Combine(_directory, "ledger.db")]);

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.Trim().ShouldBe($"tollgate: error: {option} 'a b' is not a pod-template hash (letters, digits, '-', '_', '.'; at most 63)");
        File.Exists(Path.Combine(_directory, "ledger.db")).ShouldBeFalse();
    }

    [Fact]
    public async Task Canary_SameHashForBoth_Exit3ForTheGroupsWouldBeOneSetOfPods()
    {
        // Before: the stable pods judged against themselves, and promoted.
        var hash = Request.GetProperty("stableHash").GetString()!;

        var run = await RunAsync("--stable-hash", hash, "--latest-hash", hash);

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.Trim().Split('\n').ShouldHaveSingleItem().ShouldContain(
            $"the stable and the latest pod-template hash are both '{hash}', so groups.baseline and groups.canary select the same pods");
    }

    private Task<CliRun> RunAsync(params string[] hashes) =>
        CliRun.RunAsync(_directory, null, [
            "canary", "--spec", Path.Combine(Specs, "checkout.yaml"), "--replay", Path.Combine(Specs, "checkout.replay"),
            "--format", "json", "--ledger", Path.Combine(_directory, "ledger.db"), .. hashes]);
}
