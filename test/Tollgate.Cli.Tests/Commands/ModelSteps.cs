namespace Tollgate.Cli.Tests.Commands;

/// <summary>A working directory for <c>tollgate model</c> tests: an artifact (model.bin), a dataset (train.csv) and the steps run so far.</summary>
internal static class ModelSteps
{
    /// <summary>A new directory holding model.bin and train.csv, after each <c>tollgate model</c> step in turn (each must exit 0).</summary>
    public static async Task<string> RunAsync(string prefix, params string[][] steps)
    {
        var directory = Directory.CreateTempSubdirectory(prefix).FullName;
        File.WriteAllText(Path.Combine(directory, "model.bin"), "weights");
        File.WriteAllText(Path.Combine(directory, "train.csv"), "x\n1\n");
        foreach (var args in steps)
        {
            var run = await CliRun.RunAsync(directory, ["model", .. args]);
            run.ExitCode.ShouldBe(0, run.Out + run.Error);
        }

        return directory;
    }

    /// <summary>The step that registers fraud@<paramref name="version"/> from model.bin and train.csv.</summary>
    public static string[] Register(string version) => ["register", "fraud", "--version", version, "--artifact", "model.bin", "--dataset", "train.csv"];
}
