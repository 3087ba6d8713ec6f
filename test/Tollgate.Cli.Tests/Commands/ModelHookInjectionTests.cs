using System.Text.Json;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// A version imported from MLflow may hold <c>$(…)</c>, backticks and quotes (ModelRef refuses only <c>@</c>, white
/// space and control characters). <c>model drill</c> and <c>model rollback</c> hand it to their <c>--exec</c> and
/// <c>--check</c> hooks as data: the hook receives the exact text, and nothing in it runs, whether the operator wrote
/// <c>{version}</c> bare, in double quotes, in single quotes (where the old single-quoting cancelled out and the
/// version ran as shell) or in a here-document's body; so does a version <c>a[$(cmd)]</c>, which bash would run in
/// arithmetic, given to <c>[ … -eq … ]</c> (a command, which evaluates nothing) or to a <c>case</c> inside <c>$(…)</c>.
/// </summary>
public sealed class ModelHookInjectionTests
{
    public static readonly TheoryData<string, string> Cases = new()
    {
        { "$(id>PWNED)", "printf '%s\\n' '{version}' >> served.txt" },
        { "$(id>PWNED)", "printf '%s\\n' \"{version}\" >> served.txt" },
        { "$(id>PWNED)", "printf '%s\\n' {version} >> served.txt" },
        { "$(id>PWNED)", "printf '%s\\n' >> served.txt" },
        { "`id>PWNED`", "printf '%s\\n' '{version}' >> served.txt" },
        { "`id>PWNED`", "printf '%s\\n' \"{version}\" >> served.txt" },
        { "';id>PWNED;'", "printf '%s\\n' '{version}' >> served.txt" },
        { "\";id>PWNED;\"", "printf '%s\\n' \"{version}\" >> served.txt" },
        { "'\"$(id>PWNED)\"'", "printf '%s\\n' {version} >> served.txt" },
        { "$(id>PWNED)", "cat >> served.txt <<EOF\n{version}\nEOF" },
        { "`id>PWNED`", "cat <<-EOF >> served.txt\n\t{version}\n\tEOF" },
        { "'\"$(id>PWNED)\"'", "cat >> served.txt <<EOF\n{version}\nEOF" },
        { "a[$(id>PWNED)]", "[ {version} -eq 0 ] 2>/dev/null || printf '%s\\n' {version} >> served.txt" },
        { "a[$(id>PWNED)]", "case {version} in 0) ;; *) printf '%s\\n' \"$(case {version} in *) printf '%s' '{version}';; esac)\" >> served.txt;; esac" },
    };

    /// <summary>churn@1 then churn@<paramref name="version"/> in production, each imported from an MLflow export.</summary>
    private static async Task<string> ImportedAsync(string version)
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-hook-injection-").FullName;
        foreach (var (v, created) in new[] { ("1", 1_600_000_000_000L), (version, 1_700_000_000_000L) })
        {
            var export = new
            {
                registered_models = new[] { new { name = "churn", aliases = Array.Empty<string>() } },
                model_versions = new[] { new { name = "churn", version = v, creation_timestamp = created, current_stage = "Production", source = "runs:/r9/m", run_id = "r9" } },
                runs = new[] { new { info = new { run_id = "r9" }, data = new { }, inputs = new { dataset_inputs = new[] { new { dataset = new { name = "crm", digest = "0badc0de", source = "crm.csv" } } } } } },
            };
            File.WriteAllText(Path.Combine(directory, "export.json"), JsonSerializer.Serialize(export));
            var import = await CliRun.RunAsync(directory, "model", "import", "--mlflow", "export.json");
            import.ExitCode.ShouldBe(0, import.Out + import.Error);
        }

        return directory;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Drill_VersionHoldsShell_HooksReceiveItExactly_NothingRuns(string version, string hook)
    {
        var directory = await ImportedAsync(version);

        var run = await CliRun.RunAsync(directory, "model", "drill", "churn", "--exec", hook, "--check", hook);

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        File.Exists(Path.Combine(directory, "PWNED")).ShouldBeFalse("the version ran as shell");
        File.ReadAllText(Path.Combine(directory, "served.txt")).ShouldBe($"1\n1\n{version}\n{version}\n");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Rollback_ToVersionHoldingShell_HookReceivesItExactly_NothingRuns(string version, string hook)
    {
        var directory = await ImportedAsync(version);
        (await CliRun.RunAsync(directory, "model", "rollback", "churn", "--to", "1")).ExitCode.ShouldBe(0);

        var run = await CliRun.RunAsync(directory, "model", "rollback", "churn", "--to", version, "--exec", hook);

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        File.Exists(Path.Combine(directory, "PWNED")).ShouldBeFalse("the version ran as shell");
        File.ReadAllText(Path.Combine(directory, "served.txt")).ShouldBe($"{version}\n");
    }
}
