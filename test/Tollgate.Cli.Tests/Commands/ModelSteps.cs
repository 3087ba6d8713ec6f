namespace Tollgate.Cli.Tests.Commands;

/// <summary>A working directory for <c>tollgate model</c> tests: an artifact (model.bin), a dataset (train.csv) and the steps run so far.</summary>
internal static class ModelSteps
{
    /// <summary>A new directory holding model.bin and train.csv, after each <c>tollgate model</c> step in turn (each must exit 0).</summary>
    public static async Task<string> RunAsync(string prefix, params string[][] steps)
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory(prefix).FullName; // removed when the test process exits
        File.WriteAllText(Path.Combine(directory, "model.bin"), "weights");
        File.WriteAllText(Path.Combine(directory, "train.csv"), "x\n1\n");
        foreach (var args in steps)
        {
            var run = await CliRun.RunAsync(directory, ["model", .. args]);
            run.ExitCode.ShouldBe(0, run.Out + run.Error);
        }

        return directory;
    }

    /// <summary>
    /// Records fraud@<paramref name="version"/> entering production (and the live version retired) straight in the
    /// directory's ledger, at the time <see cref="CliRun"/>'s clock gives every command: a history to start from, where
    /// a promotion would need a KPI log and a rollback only returns to a version that served.
    /// </summary>
    public static async Task InProductionAsync(string directory, string version)
    {
        var at = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        await using var ledger = await Tollgate.Ledger.LedgerLocation.OpenAsync(null, directory, TimeProvider.System);
        var registry = Tollgate.Ledger.Registry.ModelRegistry.Of(ledger);
        var live = Domain.Registry.ModelStages.LiveAt(await registry.StagesAsync("fraud"), at);
        await registry.RecordStagesAsync([
            .. live is null ? [] : new[] { new Domain.Registry.StageEvent("fraud", live, Domain.Registry.ModelStages.Retired, at) { Reason = $"replaced by {version}" } },
            new Domain.Registry.StageEvent("fraud", version, Domain.Registry.ModelStages.Production, at) { Reason = "set up by the test" },
        ]);
    }

    /// <summary>The step that registers fraud@<paramref name="version"/> from model.bin and train.csv.</summary>
    public static string[] Register(string version) => ["register", "fraud", "--version", version, "--artifact", "model.bin", "--dataset", "train.csv"];
}
