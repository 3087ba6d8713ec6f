namespace Tollgate.Cli.Tests.Commands;

/// <summary>Bad input to <c>tollgate model</c> commands: exit 3, one line on stderr, worded as the sibling commands word it.</summary>
public sealed class ModelInputErrorTests
{
    private static async Task<CliRun> RunAsync(string directory, params string[] args)
    {
        var run = await CliRun.RunAsync(directory, args);
        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Error.Trim().Split('\n').Length.ShouldBe(1, run.Error);
        return run;
    }

    /// <summary>A working directory holding an artifact (model.bin) and a dataset (train.csv) to register.</summary>
    private static string RegisterDirectory()
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-register-").FullName;
        File.WriteAllText(Path.Combine(directory, "model.bin"), "weights");
        File.WriteAllText(Path.Combine(directory, "train.csv"), "x\n1\n");
        return directory;
    }

    [Theory]
    [InlineData("--metrics", """{"auc": 0.71, "auc": 0.93}""", "the key 'auc' appears twice")]
    [InlineData("--params", """{"optimizer": {"lr": 0.1, "lr": 0.01}}""", "the key 'lr' appears twice")]
    public async Task Register_KeyGivenTwice_Exit3AndNothingRecorded(string option, string json, string message)
    {
        var directory = RegisterDirectory();
        File.WriteAllText(Path.Combine(directory, "values.json"), json);

        var run = await RunAsync(directory, "model", "register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", "train.csv", option, "values.json");

        run.Error.ShouldBe($"tollgate: error: {option} values.json: not JSON ({message} in one object: give each field once)\n");
        var lineage = await CliRun.RunAsync(directory, "model", "lineage", "fraud@1");
        lineage.ExitCode.ShouldBe(3, "a refused registration records no version: " + lineage.Out);
    }

    [Theory]
    [InlineData("--params", """{"optimizer": {"\ud800": 0.1}}""", "line 1, column 17")]
    [InlineData("--metrics", """{\n  "auc": "0.9\udc00"\n}""", "line 2, column 14")]
    public async Task Register_LoneSurrogateEscaped_Exit3NamingWhereAndNothingRecorded(string option, string json, string where)
    {
        // A key of half a surrogate pair was an internal error (CannotReadIncompleteUTF16); a value was recorded as it was.
        var directory = RegisterDirectory();
        File.WriteAllText(Path.Combine(directory, "values.json"), json.Replace("\\n", "\n", StringComparison.Ordinal));

        var run = await RunAsync(directory, "model", "register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", "train.csv", option, "values.json");

        run.Error.ShouldBe($"tollgate: error: {option} values.json: not Unicode text: a string holds half of a UTF-16 surrogate pair alone at {where} (an escape such as \\ud800 without its other half)\n");
        var lineage = await CliRun.RunAsync(directory, "model", "lineage", "fraud@1");
        lineage.ExitCode.ShouldBe(3, "a refused registration records no version: " + lineage.Out);
    }

    [Fact]
    public async Task Which_MalformedDigest_Exit3WordedAsApproveWordsIt()
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-which-").FullName;

        var which = await RunAsync(directory, "model", "which", "--digest", "sha256:zz");
        var approve = await RunAsync(directory, "approve", "--digest", "sha256:zz", "--by", "ana", "--reason", "ok");

        which.Error.ShouldContain("--digest sha256:zz is not a dataset digest (sha256: and 64 hex digits");
        approve.Error.ShouldContain("--digest sha256:zz is not a report digest (sha256: and 64 hex digits)");
    }

    [Theory]
    [InlineData("sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e.dir")]
    [InlineData("mlflow:3f2a9c1b")]
    public async Task Which_WellFormedDigestOfNothing_SaysSoWithExit0(string digest)
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-which-").FullName;
        await (await Ledger.LedgerLocation.OpenAsync(null, directory, TimeProvider.System)).DisposeAsync();

        var run = await CliRun.RunAsync(directory, "model", "which", "--digest", digest);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldBe($"{digest} trained no registered model version\n");
    }

    [Theory]
    [InlineData("model", "promote", "fraud@3", "--initial")]
    [InlineData("model", "shadow", "fraud@3", "--live", "fraud@2", "--predictions", "shadow.csv")]
    [InlineData("model", "rollback", "fraud")]
    [InlineData("model", "drill", "fraud", "--exec", "true")]
    [InlineData("model", "lineage", "fraud")]
    [InlineData("model", "which", "--dataset", "shadow.csv")]
    [InlineData("model", "live", "fraud")]
    public async Task ModelReaders_LedgerNotThere_Exit3AndMakeNone(params string[] args)
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-noledger-").FullName;
        File.WriteAllText(Path.Combine(directory, "shadow.csv"), "request_id,model_version,prediction\nq1,2,0.2\nq1,3,0.3\n");

        var run = await CliRun.RunAsync(directory, [.. args, "--ledger", "models.db"]);

        run.ExitCode.ShouldBe(3, run.Error);
        run.Error.ShouldBe($"tollgate: error: --ledger models.db: there is no ledger at {Path.Combine(directory, "models.db")}; nothing has been recorded there\n");
        File.Exists(Path.Combine(directory, "models.db")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", "shadow.csv", "--policy", "missing.yaml")]
    [InlineData("register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", "shadow.csv", "-o", "model.bin")]
    [InlineData("import", "--mlflow", "export", "--policy", "missing.yaml")]
    public async Task Recorders_BadPolicyOrOutput_Exit3BeforeMakingTheLedger(params string[] args)
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-refused-").FullName;
        File.WriteAllText(Path.Combine(directory, "shadow.csv"), "request_id,model_version,prediction\nq1,2,0.2\n");
        File.WriteAllText(Path.Combine(directory, "model.bin"), "weights");

        await RunAsync(directory, ["model", .. args]);

        Directory.Exists(Path.Combine(directory, ".tollgate")).ShouldBeFalse("a refused command must not make the ledger");
    }

    [Theory]
    [InlineData("http://127.0.0.1:1", "tollgate: error: MLflow at http://127.0.0.1:1 is unreachable: ")]
    [InlineData("export.json", "tollgate: error: export.json: not JSON (")]
    [InlineData("missing.json", "tollgate: error: missing.json does not exist\n")]
    [InlineData("mlflow:5000", "tollgate: error: --mlflow mlflow:5000: not an http(s):// URL of an MLflow tracking server (http://host:port), nor an export file\n")]
    [InlineData("ftp://mlflow/", "tollgate: error: --mlflow ftp://mlflow/: not an http(s):// URL of an MLflow tracking server (http://host:port), nor an export file\n")]
    [InlineData("sub", "tollgate: error: sub is a directory, not a regular file\n")]
    public async Task Import_MlflowThatCannotBeRead_Exit3AndMakesNoLedger(string mlflow, string error)
    {
        // MLflow is read whole before the ledger is opened: before, a refused connection left a new empty ledger.
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-import-").FullName;
        File.WriteAllText(Path.Combine(directory, "export.json"), "{\"registered_models\": [");
        Directory.CreateDirectory(Path.Combine(directory, "sub"));

        var run = await RunAsync(directory, "model", "import", "--mlflow", mlflow, "--timeout", "5");

        run.Error.ShouldStartWith(error);
        Directory.Exists(Path.Combine(directory, ".tollgate")).ShouldBeFalse("an import that read nothing must not make the ledger");
    }

    [Fact]
    public async Task Shadow_UnregisteredModel_Exit3WordedAsPromoteWordsIt()
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-shadow-").FullName;
        File.WriteAllText(Path.Combine(directory, "shadow.csv"), "request_id,model_version,prediction\nq1,7,0.2\nq1,8,0.3\n");
        await (await Ledger.LedgerLocation.OpenAsync(null, directory, TimeProvider.System)).DisposeAsync();

        var shadow = await RunAsync(directory, "model", "shadow", "other@8", "--live", "other@7", "--predictions", "shadow.csv");
        var promote = await RunAsync(directory, "model", "promote", "other@8", "--to", "canary");

        shadow.Error.ShouldBe("tollgate: error: other@8 is not registered: tollgate model register other --version 8 …\n");
        promote.Error.ShouldBe(shadow.Error);
    }

    [Theory]
    [InlineData("--params")]
    [InlineData("--metrics")]
    public async Task Register_OptionFileMissing_NamesTheFileNotAnUnknownOption(string option)
    {
        // "--params missing.json" was taken for an option the command does not have: "is neither an option … nor a file".
        var directory = RegisterDirectory();

        var run = await RunAsync(directory, "model", "register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", "train.csv", option, "missing.json");

        run.Error.ShouldBe($"tollgate: error: {option} missing.json does not exist\n");
    }

    [Fact]
    public async Task Register_UnknownOptionAfterTheDatasets_SaysItIsNoOption()
    {
        // --dataset takes several values, so --bogus was one more: "--dataset --bogus: no such file or directory".
        var directory = RegisterDirectory();

        var run = await RunAsync(directory, "model", "register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", "train.csv", "--bogus");

        run.Error.ShouldBe("tollgate: error: --bogus is neither an option of this command nor a file (see --help)\n");
    }

    [Theory]
    [InlineData("--dataset", "trian.csv", "--dataset trian.csv does not exist")]
    [InlineData("--artifact", "modle.bin", "--artifact modle.bin does not exist")]
    [InlineData("--params", "params.json", "--params params.json does not exist")]
    [InlineData("--bogus", "", "--bogus is neither an option of this command nor a file (see --help)")]
    public async Task Register_RefusedForAMissingFile_LeavesNoLedgerBehind(string option, string value, string error)
    {
        // The ledger was opened before the files were read: a refused registration left an empty .tollgate/ledger.db,
        // and lineage then answered "not registered" where "there is no ledger here" was true.
        var directory = RegisterDirectory();
        string[] args = ["model", "register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", "train.csv"];
        args = option switch
        {
            "--dataset" => [.. args, value],
            "--artifact" => [.. args.Select(a => a == "model.bin" ? value : a)],
            _ => value.Length > 0 ? [.. args, option, value] : [.. args, option],
        };

        var run = await RunAsync(directory, args);

        run.Error.ShouldBe($"tollgate: error: {error}\n");
        Directory.Exists(Path.Combine(directory, ".tollgate")).ShouldBeFalse();
    }

    [Fact]
    public async Task Live_ModelNeverRegistered_Exit3NotTheAnswerNoneServed()
    {
        // A mistyped name answered exit 1, "no version of frud was in production", as if frud were a model.
        var directory = await ModelSteps.RunAsync("tollgate-live-", ModelSteps.Register("1"));

        var typo = await RunAsync(directory, "model", "live", "frud");
        var registered = await CliRun.RunAsync(directory, "model", "live", "fraud");

        typo.Error.ShouldBe("tollgate: error: model frud is not registered in the ledger (tollgate model register frud --version V …)\n");
        registered.ExitCode.ShouldBe(1, "registered, never in production: the answer is none");
        registered.Out.ShouldStartWith("no version of fraud was in production at ");
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public async Task Trend_EmptySeriesFile_Exit3(string content)
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-trend-").FullName;
        File.WriteAllText(Path.Combine(directory, "empty.csv"), content);

        var run = await RunAsync(directory, "model", "trend", "--series", "empty.csv");

        run.Error.ShouldContain("empty.csv: empty file, expected time,value rows");
    }

    [Theory]
    [InlineData("12/03/2024")]
    [InlineData("March 12 2024")]
    [InlineData("2024-03-12 10:30 PM")]
    public async Task Trend_TimeNotInRfc3339Shape_Exit3NamingTheLine(string time)
    {
        // Read as RFC 3339 only, as events and --at are (Rfc3339.TryParse): 12/03/2024 was read as 3 December.
        var (error, file) = await TrendErrorAsync($"{time},0.4");

        error.ShouldBe($"tollgate: error: {file}:3: '{time},0.4' is not time,value (time as RFC 3339, yyyy-MM-dd or Unix seconds)\n");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("none")] // n/a, N/A and - are missing values, as in drift tables (SeriesMissingMarkersTests)
    [InlineData("12%")]
    public async Task Trend_ValueNotANumber_Exit3SayingItIsTheValue(string value)
    {
        // The time was fine, yet the line said "'2024-03-02,abc' is not time,value (time as RFC 3339, …)".
        var (error, file) = await TrendErrorAsync($"2024-03-02,{value}");

        error.ShouldBe($"tollgate: error: {file}:3: value '{value}' is not a number (time,value)\n");
    }

    /// <summary>The error of <c>model trend</c> on a series whose second row (line 3) is <paramref name="row"/>, and the series' path.</summary>
    private static async Task<(string Error, string File)> TrendErrorAsync(string row)
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-trend-").FullName;
        File.WriteAllText(Path.Combine(directory, "kpi.csv"), $"time,value\n2024-03-01,0.5\n{row}\n");

        var run = await RunAsync(directory, "model", "trend", "--series", "kpi.csv");

        return (run.Error, Path.Combine(directory, "kpi.csv"));
    }

    [Theory]
    [InlineData("2")]
    [InlineData("0")]
    [InlineData("-1")]
    public async Task Trend_BaselineBelowThree_Exit3(string points)
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-trend-baseline-").FullName;
        File.WriteAllText(Path.Combine(directory, "kpi.csv"), "time,value\n2024-03-01,0.5\n2024-03-02,0.6\n");

        var run = await RunAsync(directory, "model", "trend", "--series", "kpi.csv", "--baseline", points);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe($"tollgate: error: --baseline {points} is out of range: at least 3 points set the in-control level\n");
    }

    [Theory]
    [InlineData("2147483647")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("86401")]
    [InlineData("500ms")]
    [InlineData("2d")]
    public async Task Import_TimeoutOutOfRange_Exit3NamingTheRange(string seconds)
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-import-timeout-").FullName;

        var run = await RunAsync(directory, "model", "import", "--mlflow", "http://127.0.0.1:9", "--timeout", seconds);

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe($"tollgate: error: --timeout {seconds} is out of range: from 1s to 1d (a whole number is seconds, 1 to 86400)\n");
    }

    [Theory]
    [InlineData("--max-accuracy-drop", "-0.01", "--max-accuracy-drop -0.01 is out of range: a share from 0 to below 1")]
    [InlineData("--max-accuracy-drop", "NaN", "--max-accuracy-drop NaN is not a finite number")]
    [InlineData("--min-agreement", "1.5", "--min-agreement 1.5 is out of range: a share from 0 to 1")]
    [InlineData("--threshold", "Infinity", "--threshold Infinity is not a finite number")]
    [InlineData("--threshold", "1e999", "--threshold 1e999 is not a finite number")]
    [InlineData("--min-agreement", "-1e999", "--min-agreement -1e999 is not a finite number")]
    [InlineData("--min-pairs", "0", "--min-pairs 0 is too small: a slice needs at least 2 paired requests")]
    public async Task Shadow_OptionOutOfRange_Exit3NamingItBeforeTheLedger(string option, string value, string message)
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-shadow-range-").FullName;
        File.WriteAllText(Path.Combine(directory, "shadow.csv"), "request_id,model_version,prediction\nq1,7,0.2\nq1,8,0.3\n");

        var run = await RunAsync(directory, "model", "shadow", "fraud@8", "--live", "fraud@7", "--predictions", "shadow.csv", option, value);

        run.Error.ShouldContain(message);
        Directory.Exists(Path.Combine(directory, ".tollgate")).ShouldBeFalse("a refused command must not make the ledger");
    }

    [Theory]
    [InlineData("drift", "--alpha", "0", "--alpha 0 is out of range: a probability above 0 and at most 1")]
    [InlineData("drift", "--min-effect", "-1", "--min-effect -1 is out of range: above 0")]
    [InlineData("drift", "--min-rows", "2", "--min-rows 2 is out of range: at least 3 rows")]
    [InlineData("drift", "--bins", "1001", "--bins 1001 is out of range: from 3 to 1000 bins")]
    [InlineData("trend", "--alpha", "1", "--alpha 1 is out of range: a probability above 0 and below 1")]
    public async Task DriftAndTrend_OptionOutOfRange_Exit3NamingTheRange(string command, string option, string value, string message)
    {
        var directory = Tollgate.Testing.TestScratch.CreateSubdirectory("tollgate-model-range-").FullName;
        File.WriteAllText(Path.Combine(directory, "a.csv"), "x\n1\n2\n3\n");
        File.WriteAllText(Path.Combine(directory, "kpi.csv"), "time,value\n2026-01-01,1\n2026-01-02,1\n2026-01-03,1\n");
        string[] args = command == "drift" ? ["model", "drift", "--reference", "a.csv", "--current", "a.csv"] : ["model", "trend", "--series", "kpi.csv"];

        var run = await RunAsync(directory, [.. args, option, value]);

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe($"tollgate: error: {message}\n");
        Directory.Exists(Path.Combine(directory, ".tollgate")).ShouldBeFalse("a refused command must not make the ledger");
    }

    [Theory]
    [InlineData("staging", "--to staging: expected canary or production")]
    [InlineData("prodution", "--to prodution: expected canary or production; did you mean 'production'?")]
    [InlineData("shadow", "--to shadow: promote moves a version to canary or production (shadow is given by tollgate model shadow)")]
    [InlineData("retired", "--to retired: promote moves a version to canary or production (a version is retired when another replaces it)")]
    public async Task Promote_ToAStageItDoesNotMoveTo_Exit3OfferingOnlyTheTwoItDoes(string to, string message)
    {
        // Before: "unknown stage 'staging': expected shadow, canary, production, retired", two of which it then refused.
        var directory = await ModelSteps.RunAsync("tollgate-promote-to-", ModelSteps.Register("1"));

        var run = await RunAsync(directory, "model", "promote", "fraud@1", "--to", to);

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe($"tollgate: error: {message}\n");
    }
}
