namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>model live --at</c> reads a time without an offset as UTC, as every time option does, and says so on stderr with
/// the instant it read (to the second, or the millisecond when it has a fraction), so a local time is never silently an
/// hour or more off.
/// </summary>
public sealed class ModelLiveTimeTests
{
    private static async Task<string> RegisteredDirectoryAsync()
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-live-at-").FullName;
        File.WriteAllText(Path.Combine(directory, "model.bin"), "weights");
        File.WriteAllText(Path.Combine(directory, "train.csv"), "x\n1\n");
        (await CliRun.RunAsync(directory, "model", "register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", "train.csv")).ExitCode.ShouldBe(0);
        return directory;
    }

    [Theory]
    [InlineData("2026-11-02T10:00", "2026-11-02T10:00:00.000Z", "2026-11-02T10:00:00Z")]
    [InlineData("2026-11-02 10:00:30", "2026-11-02T10:00:30.000Z", "2026-11-02T10:00:30Z")]
    [InlineData("2026-11-02", "2026-11-02T00:00:00.000Z", "2026-11-02T00:00:00Z")]
    [InlineData("2026-11-02T10:00:00.25", "2026-11-02T10:00:00.250Z", "2026-11-02T10:00:00.250Z")] // a fraction is shown, never rounded away
    [InlineData("2026-11-02T10:00:00Z", "2026-11-02T10:00:00.000Z", null)]
    [InlineData("2026-11-02T11:00:00+01:00", "2026-11-02T10:00:00.000Z", null)]
    [InlineData("2026-11-02T05:00-05:00", "2026-11-02T10:00:00.000Z", null)]
    [InlineData("1793613600", "2026-11-02T10:00:00.000Z", null)]
    public async Task Live_At_ReadAsUtcWithANoteNamingTheFixOnlyWhenItNamesNoOffset(string at, string read, string? noted)
    {
        var directory = await RegisteredDirectoryAsync();

        var run = await CliRun.RunAsync(directory, "model", "live", "fraud", "--at", at);

        run.ExitCode.ShouldBe(1, run.Error);
        run.Out.ShouldBe($"no version of fraud was in production at {read}\n");
        run.Error.ShouldBe(noted is not null ? $"tollgate: note: --at {at} names no offset, so it is read as UTC ({noted}); add Z or an offset such as +01:00 to say which\n" : "");
    }

    [Fact]
    public async Task Live_AtInTheFuture_Exit3_NotTheVersionServingNow()
    {
        // Answered before with the version in production now, as if no promotion or roll back could come before then.
        var directory = await RegisteredDirectoryAsync();
        (await CliRun.RunAsync(directory, "model", "promote", "fraud@1", "--initial")).ExitCode.ShouldBe(0);

        var run = await CliRun.RunAsync(directory, "model", "live", "fraud", "--at", "2999-01-01T00:00:00Z");
        var soon = await CliRun.RunAsync(directory, "model", "live", "fraud", "--at", "2026-11-26T12:02:00Z");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe("tollgate: error: --at 2999-01-01T00:00:00Z is in the future (now is 2026-11-26T12:00:00Z): live answers which version served up to now; give a past time or leave --at out\n");
        soon.ExitCode.ShouldBe(0, soon.Error); // CliRun's clock is 2026-11-26T12:00:00Z: within the skew allowed, as for the canary's --at
        soon.Out.ShouldStartWith("fraud@1 ");
    }
}
