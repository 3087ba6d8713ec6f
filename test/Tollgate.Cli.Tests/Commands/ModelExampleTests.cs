using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// examples/models as the README walks through it: register, shadow, KPI-gated promotion, a drill, a regression rolled
/// back, a rollback with the hook, lineage and "which version served then"; each verdict and figure the page shows.
/// </summary>
public sealed class ModelExampleTests
{
    private static string Example()
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-model-example-").FullName;
        foreach (var file in Directory.GetFiles(Repository.File("examples", "models")))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }

        return directory;
    }

    private static async Task<CliRun> Run(string directory, int expected, params string[] args)
    {
        var run = await CliRun.RunAsync(directory, ["model", .. args]);
        run.ExitCode.ShouldBe(expected, run.Out + run.Error);
        return run;
    }

    [Fact]
    public async Task Walkthrough_EachStepGivesTheVerdictTheReadmeShows()
    {
        var dir = Example();

        (await Run(dir, 1, "register", "fraud", "--version", "1", "--artifact", "model-v1.bin")).Out.ShouldContain("LINEAGE-MISSING");
        await Run(dir, 0, "register", "fraud", "--version", "1", "--artifact", "model-v1.bin", "--dataset", "reference.csv");
        await Run(dir, 0, "promote", "fraud@1", "--initial");
        await Run(dir, 0, "register", "fraud", "--version", "2", "--artifact", "model-v2.bin", "--dataset", "reference.csv", "--code-commit", "4f2a9c1");

        var shadow = await Run(dir, 0, "shadow", "fraud@2", "--live", "fraud@1", "--predictions", "shadow.csv", "--slice-by", "region");
        shadow.Out.ShouldContain("slice (all): 4000 paired requests, agreement 99.95%");
        shadow.Out.ShouldContain("accuracy Δ 0 points [-0.43, 0.43] on 1334 labels");

        var promote = await Run(dir, 0, "promote", "fraud@2", "--kpi", "kpi.yaml", "--predictions", "canary.csv");
        promote.Out.ShouldContain("slice region=eu: candidate 0.91 (n 7500) vs live 0.9 (n 7500)");
        promote.Out.ShouldContain("DRILL-STALE");

        var drill = await Run(dir, 0, "drill", "fraud", "--exec", "./serve.sh {version}", "--check", "./smoke.sh {version}");
        drill.Out.ShouldContain("1 served and checked, 2 served again and checked");
        File.ReadAllText(Path.Combine(dir, ".serving")).ShouldBe("2\n");

        await Run(dir, 0, "register", "fraud", "--version", "3", "--artifact", "model-v3.bin", "--dataset", "reference.csv");
        var bad = await Run(dir, 1, "promote", "fraud@3", "--kpi", "kpi.yaml", "--predictions", "canary-bad.csv");
        bad.Out.ShouldContain("roll back fraud@3: approved regressed beyond the allowed loss in (all), region=eu, region=us");
        bad.Out.ShouldNotContain("DRILL-STALE");

        (await Run(dir, 0, "live", "fraud")).Out.ShouldStartWith("fraud@2 ");
        var rollback = await Run(dir, 0, "rollback", "fraud", "--exec", "./serve.sh {version}");
        rollback.Out.ShouldContain("rolled back: fraud@1 serves again instead of 2");
        // The hook's output follows the command it came from, as a drill's does.
        rollback.Error.ShouldBe("rollback fraud: serve 1: TOLLGATE_MODEL_VERSION='1' ./serve.sh \"${TOLLGATE_MODEL_VERSION}\"\n  | serving fraud@1\n");
        File.ReadAllText(Path.Combine(dir, ".serving")).ShouldBe("1\n");
        (await Run(dir, 0, "live", "fraud")).Out.ShouldStartWith("fraud@1 ");
        (await Run(dir, 0, "which", "--dataset", "reference.csv")).Out.ShouldContain("trained 3 versions");
        (await Run(dir, 1, "live", "fraud", "--at", "2026-01-01T00:00:00Z")).Out.ShouldContain("no version of fraud was in production");
    }

    [Fact]
    public async Task DriftAndTrend_PrintWhatTheReadmeShows()
    {
        // The README's drift example showed a digest no run printed any longer (the digest is the same in any clone).
        var dir = Example();
        var readme = File.ReadAllText(Repository.File("README.md"));

        var drift = await Run(dir, 1, "drift", "--reference", "reference.csv", "--current", "current.csv", "--slice-by", "region");
        var trend = await Run(dir, 1, "trend", "--series", "conversion.csv");

        var lines = drift.Out.Split('\n').Skip(1).Where(l => l.Length > 0).Concat(trend.Out.Split('\n').Skip(1).Take(2)).ToList();
        lines.ShouldContain(l => l.StartsWith("digest sha256:", StringComparison.Ordinal));
        lines.ShouldAllBe(l => readme.Contains(l + "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Logs_AreWhatTheGeneratorWrites()
    {
        // make-logs.py writes them; the committed files must be its output (python3 is on every test machine).
        var dir = Example();
        var before = new[] { "shadow.csv", "canary.csv", "canary-bad.csv" }.Select(f => File.ReadAllText(Path.Combine(dir, f))).ToList();
        using var python = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("python3", "make-logs.py") { WorkingDirectory = dir })!;
        python.WaitForExit();

        python.ExitCode.ShouldBe(0);
        new[] { "shadow.csv", "canary.csv", "canary-bad.csv" }.Select(f => File.ReadAllText(Path.Combine(dir, f))).ShouldBe(before);
    }

    [Fact]
    public async Task Mistakes_OnTheExample_SayWhatToFix()
    {
        var dir = Example();
        await Run(dir, 0, "register", "fraud", "--version", "1", "--artifact", "model-v1.bin", "--dataset", "reference.csv");
        await Run(dir, 0, "promote", "fraud@1", "--initial");
        await Run(dir, 0, "register", "fraud", "--version", "2", "--artifact", "model-v2.bin", "--dataset", "reference.csv");
        File.WriteAllText(Path.Combine(dir, "typo.yaml"), File.ReadAllText(Path.Combine(dir, "kpi.yaml")).Replace("column: approved", "column: aproved", StringComparison.Ordinal));

        var typo = await Run(dir, 3, "promote", "fraud@2", "--kpi", "typo.yaml", "--predictions", "canary.csv");
        var slice = await Run(dir, 3, "drift", "--reference", "reference.csv", "--current", "current.csv", "--slice-by", "regoin");
        var shadow = await Run(dir, 3, "shadow", "fraud@2", "--live", "fraud@1", "--predictions", "canary.csv");
        var otherLog = await Run(dir, 2, "promote", "fraud@2", "--kpi", "kpi.yaml", "--predictions", "canary-bad.csv");

        typo.Error.ShouldBe("tollgate: error: canary.csv: no column 'aproved' (the KPI spec's column); did you mean 'approved'?\n");
        slice.Error.ShouldContain("no column 'regoin' (--slice-by); did you mean 'region'?");
        shadow.Error.ShouldContain("canary.csv: no column 'prediction'; columns: request_id, model_version, region, approved");
        otherLog.Out.ShouldContain("no approved data for the live version fraud@1 in canary-bad.csv (its model_version column holds ");
    }
}
