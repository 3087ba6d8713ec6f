using Tollgate.Canary.Sources;

namespace Tollgate.Canary.Tests.Cli;

/// <summary>
/// A replay of a time or spec its recording does not hold is bad input: exit 3, one line naming the recorded time or
/// the metric's query, never a hold that names the internal <c>vector(1)</c> probe.
/// </summary>
public sealed class CanaryReplayMismatchTests : IDisposable
{
    private const long Recorded = 1793529000; // 2026-11-01T10:30:00Z

    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-canary-replay-").FullName;

    private readonly string _recording;

    private static readonly string Spec = Path.Combine(AppContext.BaseDirectory, "examples", "checkout.yaml");

    public CanaryReplayMismatchTests()
    {
        _recording = Directory.CreateDirectory(Path.Combine(_directory, "rec")).FullName;
        File.WriteAllText(Path.Combine(_recording, "evaluation.json"), $"{{\"at\": {Recorded}}}\n");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("2026-11-01T11:00:00Z")]
    [InlineData("1793530800")]
    public async Task Replay_AtAnotherTime_Exit3NamingBothTimes(string at)
    {
        var run = await CliRun.RunAsync(_directory, null, "canary", "--spec", Spec, "--replay", _recording, "--at", at, "--ledger", Path.Combine(_directory, "l.db"));

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe($"tollgate: error: --replay {_recording} holds the evaluation at 2026-11-01T10:30:00Z, not --at {at}: a replay judges only the time it recorded (leave --at out, or --record the time to judge)\n", StringCompareShould.IgnoreLineEndings);
        run.Error.ShouldNotContain("vector(1)");
        run.Out.ShouldBeEmpty();
        File.Exists(Path.Combine(_directory, "l.db")).ShouldBeFalse();
    }

    [Fact]
    public async Task Replay_NoAnswerAtTheRecordedTime_Exit3WithoutTheProbe()
    {
        var run = await CliRun.RunAsync(_directory, null, "canary", "--spec", Spec, "--replay", _recording, "--at", "2026-11-01T10:30:00Z", "--ledger", Path.Combine(_directory, "l.db"));

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldStartWith("tollgate: error: the recording holds no evaluation ending at 2026-11-01T10:30:00Z");
        run.Error.ShouldNotContain("vector(1)");
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task Replay_AnotherSpec_Exit3NamingTheMetric()
    {
        var probe = RecordedRequest.Instant("vector(1)", DateTimeOffset.FromUnixTimeSeconds(Recorded));
        File.WriteAllText(Path.Combine(_recording, probe.Key() + ".json"),
            """{"status": 200, "body": "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1793529000,\"1\"]}]}}"}""");

        var run = await CliRun.RunAsync(_directory, null, "canary", "--spec", Spec, "--replay", _recording);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldStartWith("tollgate: error: the recording has no answer to any of the spec's queries (first: metric '");
        run.Error.ShouldContain("recorded with another spec");
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
    }
}
