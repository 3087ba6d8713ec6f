using Tollgate.Domain.Registry;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Promotion;
using Tollgate.Models.Registry;

namespace Tollgate.Models.Tests.Promotion;

/// <summary>Rollback and drill serve the artifact the registry recorded: checked by digest first, and named to the hook.</summary>
public sealed class RollbackArtifactTests
{
    /// <summary>r@1 and r@2 registered from r1.bin and r2.bin; 1 served, then 2 (1 retired).</summary>
    private static async Task<ModelLedger> WithTwoServedAsync()
    {
        var m = await ModelLedger.OpenAsync();
        m.Write("r1.bin", "r1\n");
        m.Write("r2.bin", "r2\n");
        m.Write("x.csv", "x\n1\n");
        foreach (var v in new[] { "1", "2" })
        {
            (await new RegisterGate(m.Registry).RunAsync(new RegisterRequest("r", v, $"r{v}.bin", ["x.csv"]), m.Context())).Verdict.ShouldBe(Verdict.Pass);
        }

        await m.Registry.RecordStagesAsync([new StageEvent("r", "1", ModelStages.Production, m.Clock.GetUtcNow())]);
        m.Clock.Advance(TimeSpan.FromHours(1));
        await m.Registry.RecordStagesAsync([new StageEvent("r", "1", ModelStages.Retired, m.Clock.GetUtcNow()), new StageEvent("r", "2", ModelStages.Production, m.Clock.GetUtcNow())]);
        m.Clock.Advance(TimeSpan.FromHours(1));
        return m;
    }

    private const string Hook = "env | grep ^TOLLGATE_MODEL_ | sort > \"served-$TOLLGATE_MODEL_VERSION.txt\"; true";

    [Fact]
    public async Task Rollback_ArtifactIntact_HookIsToldTheNameArtifactAndDigest()
    {
        // Before: the hook's environment had TOLLGATE_MODEL_VERSION=1 only.
        await using var m = await WithTwoServedAsync();
        var digest = (await m.Registry.FindAsync("r", "1"))!.ArtifactDigest;

        var report = await new ModelRollback(m.Registry).RunAsync("r", null, Hook, TimeSpan.FromSeconds(30), TextWriter.Null, m.Context());

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        File.ReadAllLines(m.Dir.File("served-1.txt")).ShouldBe([
            $"TOLLGATE_MODEL_ARTIFACT={m.Dir.File("r1.bin")}",
            $"TOLLGATE_MODEL_ARTIFACT_DIGEST={digest}",
            "TOLLGATE_MODEL_NAME=r",
            "TOLLGATE_MODEL_VERSION=1",
        ]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rollback_ArtifactGoneOrChanged_RefusedBeforeTheHookAndNothingMoves(bool tampered)
    {
        // Before: "rolled back: r@1 serves again instead of 2; hook exit 0" with r1.bin deleted or rewritten.
        await using var m = await WithTwoServedAsync();
        var digest = (await m.Registry.FindAsync("r", "1"))!.ArtifactDigest;
        if (tampered)
        {
            m.Write("r1.bin", "tampered\n");
        }
        else
        {
            File.Delete(m.Dir.File("r1.bin"));
        }

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() =>
            new ModelRollback(m.Registry).RunAsync("r", null, Hook, TimeSpan.FromSeconds(30), TextWriter.Null, m.Context()));

        error.Message.ShouldBe(tampered
            ? $"rollback: r@1's artifact r1.bin has changed since it was registered (sha256:{Sha("tampered\n")} now, {digest} registered), so the hook would serve other bytes than r@1's: restore it; nothing was run or recorded"
            : $"rollback: r@1's artifact r1.bin (registered as {digest}) is not at {m.Dir.File("r1.bin")}, so the hook would serve bytes nobody checked: restore it, or run from the directory it was registered in; nothing was run or recorded");
        File.Exists(m.Dir.File("served-1.txt")).ShouldBeFalse();
        ModelStages.LiveAt(await m.Registry.StagesAsync("r"), m.Clock.GetUtcNow()).ShouldBe("2");
        (await m.Ledger.RecentAsync(ModelRollback.Kind, 5)).ShouldBeEmpty();
        // Without a hook nothing is served, so the registry alone moves, as before.
        (await new ModelRollback(m.Registry).RunAsync("r", null, null, TimeSpan.FromSeconds(30), TextWriter.Null, m.Context())).Verdict.ShouldBe(Verdict.Pass);
    }

    [Fact]
    public async Task Drill_LiveArtifactChanged_RefusedBeforeTheFirstStep()
    {
        await using var m = await WithTwoServedAsync();
        m.Write("r2.bin", "tampered\n");

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() =>
            new ModelDrill(m.Registry).RunAsync("r", Hook, null, TimeSpan.FromSeconds(30), TextWriter.Null, m.Context()));

        error.Message.ShouldStartWith("drill: r@2's artifact r2.bin has changed since it was registered (");
        File.Exists(m.Dir.File("served-1.txt")).ShouldBeFalse();
        (await m.Registry.StagesAsync("r")).Count.ShouldBe(3);
    }

    [Fact]
    public async Task Drill_ArtifactsIntact_EachStepIsToldItsVersionsArtifact()
    {
        await using var m = await WithTwoServedAsync();

        var report = await new ModelDrill(m.Registry).RunAsync("r", Hook, null, TimeSpan.FromSeconds(30), TextWriter.Null, m.Context());

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        File.ReadAllLines(m.Dir.File("served-1.txt")).ShouldContain($"TOLLGATE_MODEL_ARTIFACT={m.Dir.File("r1.bin")}");
        File.ReadAllLines(m.Dir.File("served-2.txt")).ShouldContain($"TOLLGATE_MODEL_ARTIFACT={m.Dir.File("r2.bin")}");
    }

    private static string Sha(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
