namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>--exclude</c> on <c>model drift</c> and <c>model profile</c>: a request id in a feature table is left out of the
/// comparison and of the profile, and a mistyped name is exit 3 with the column meant. <c>--features</c> chooses the
/// only columns <c>model drift</c> compares.
/// </summary>
public sealed class ModelDriftExcludeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-drift-exclude-").FullName;

    public ModelDriftExcludeTests()
    {
        foreach (var (name, rows) in new[] { ("ref", 600), ("cur", 300) })
        {
            File.WriteAllLines(Path.Combine(_directory, name + ".csv"), [
                "request_id,plan,amount",
                .. Enumerable.Range(0, rows).Select(i => $"{name}-{i:D6},{(i % 3 == 0 ? "pro" : "free")},{(i * 7919 % 1000) / 10.0:0.0}"),
            ]);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<CliRun> Cli(params string[] args) => CliRun.RunAsync(_directory, [.. args, "--ledger", "l.db"]);

    [Fact]
    public async Task Drift_ExcludedRequestId_ComparesTheFeaturesAlone()
    {
        var run = await Cli("model", "drift", "--reference", "ref.csv", "--current", "cur.csv", "--exclude", "request_id");

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        run.Out.ShouldContain("2 features, 1 slice, 2 judged, 0 drift");
        run.Out.ShouldNotContain("request_id");
    }

    [Fact]
    public async Task Profile_ExcludedRequestId_LeftOutAndDriftOfTheProfileAgrees()
    {
        var profile = await CliRun.RunAsync(_directory, "model", "profile", "ref.csv", "-o", "ref.profile.json", "--exclude", "request_id");
        profile.ExitCode.ShouldBe(0, profile.Error);
        // Was "3 columns": the excluded id counted as if profiled.
        profile.Out.ShouldStartWith("profiled 600 rows, 2 features (of 3 columns), 1 slice into ");
        File.ReadAllText(Path.Combine(_directory, "ref.profile.json")).ShouldNotContain("request_id");

        var run = await Cli("model", "drift", "--reference", "ref.profile.json", "--current", "cur.csv", "--exclude", "request_id");

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        run.Out.ShouldContain("2 features, 1 slice, 2 judged, 0 drift");
    }

    [Fact]
    public async Task Profile_SliceValuesThatDifferOnlyInNumericSpelling_StayTwoSlicesAsDriftReadsThem()
    {
        File.WriteAllLines(Path.Combine(_directory, "stores.csv"), [
            "store,amount",
            .. Enumerable.Range(0, 400).Select(i => $"{(i % 2 == 0 ? "007" : "7")},{(i * 7919 % 1000) / 10.0:0.0}"),
        ]);

        var profile = await CliRun.RunAsync(_directory, "model", "profile", "stores.csv", "-o", "stores.profile.json", "--slice-by", "store");
        var run = await Cli("model", "drift", "--reference", "stores.profile.json", "--current", "stores.csv", "--slice-by", "store");

        profile.ExitCode.ShouldBe(0, profile.Error);
        // Was "2 slices" ((all) and store=7): the profile read 007 and 7 as the number 7, where drift keeps them apart.
        profile.Out.ShouldStartWith("profiled 400 rows, 1 feature (of 2 columns), 3 slices into ");
        var json = File.ReadAllText(Path.Combine(_directory, "stores.profile.json"));
        json.ShouldContain("store=007");
        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        run.Out.ShouldContain("1 feature, 3 slices, 3 judged, 0 drift");
    }

    [Fact]
    public async Task Drift_Features_ComparesOnlyThoseAndMissingOnesAreAmongThem()
    {
        var run = await Cli("model", "drift", "--reference", "ref.csv", "--current", "cur.csv", "--features", "amount");
        var typo = await Cli("model", "drift", "--reference", "ref.csv", "--current", "cur.csv", "--features", "amount,plna");
        var none = await Cli("model", "drift", "--reference", "ref.csv", "--current", "cur.csv", "--features", ",");

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        run.Out.ShouldContain("1 feature, 1 slice, 1 judged, 0 drift");
        typo.ExitCode.ShouldBe(3);
        typo.Error.ShouldBe($"tollgate: error: {_directory}/ref.csv and {_directory}/cur.csv: no column 'plna' (--features); did you mean 'plan'?\n");
        none.ExitCode.ShouldBe(3);
        none.Error.ShouldBe("tollgate: error: --features names no column\n");
    }

    [Fact]
    public async Task ExcludeTypo_ExitThreeWithTheColumnMeant()
    {
        var drift = await Cli("model", "drift", "--reference", "ref.csv", "--current", "cur.csv", "--exclude", "requestid");
        var profile = await CliRun.RunAsync(_directory, "model", "profile", "ref.csv", "-o", "p.json", "--exclude", "requestid");

        drift.ExitCode.ShouldBe(3);
        drift.Error.ShouldBe($"tollgate: error: {_directory}/ref.csv and {_directory}/cur.csv: no column 'requestid' (--exclude); did you mean 'request_id'?\n");
        profile.ExitCode.ShouldBe(3);
        profile.Error.ShouldBe($"tollgate: error: {_directory}/ref.csv: no column 'requestid' (--exclude); did you mean 'request_id'?\n");
        File.Exists(Path.Combine(_directory, "p.json")).ShouldBeFalse();
    }

    [Fact]
    public async Task MisspeltColumn_ToldFromTheHeaderBeforeTheRowsAreRead()
    {
        // A body the readers refuse ("record 3 has 2 fields"): only a check made from the header alone gets to the typo.
        File.WriteAllLines(Path.Combine(_directory, "broken.csv"), ["request_id,plan,amount", "a,free,1.0", "b,free"]);

        var exclude = await Cli("model", "drift", "--reference", "ref.csv", "--current", "broken.csv", "--exclude", "requestid");
        var features = await Cli("model", "drift", "--reference", "broken.csv", "--current", "cur.csv", "--features", "amout");
        var profile = await CliRun.RunAsync(_directory, "model", "profile", "broken.csv", "-o", "p.json", "--slice-by", "plna");
        var slice = await Cli("model", "drift", "--reference", "ref.csv", "--current", "broken.csv", "--slice-by", "plna");
        var spelt = await Cli("model", "drift", "--reference", "ref.csv", "--current", "broken.csv", "--exclude", "request_id");

        exclude.Error.ShouldBe($"tollgate: error: {_directory}/ref.csv and {_directory}/broken.csv: no column 'requestid' (--exclude); did you mean 'request_id'?\n");
        features.Error.ShouldBe($"tollgate: error: {_directory}/broken.csv and {_directory}/cur.csv: no column 'amout' (--features); did you mean 'amount'?\n");
        profile.Error.ShouldBe($"tollgate: error: {_directory}/broken.csv: no column 'plna' (--slice-by); did you mean 'plan'?\n");
        slice.Error.ShouldBe($"tollgate: error: {_directory}/ref.csv: no column 'plna' (--slice-by); did you mean 'plan'?\n");
        new[] { exclude.ExitCode, features.ExitCode, profile.ExitCode, slice.ExitCode, spelt.ExitCode }.ShouldAllBe(code => code == 3);
        spelt.Error.ShouldNotContain("--exclude");
        spelt.Error.ShouldContain("broken.csv");
    }

    [Fact]
    public async Task EmptyFile_SaysSoRatherThanNamingAColumn()
    {
        File.WriteAllText(Path.Combine(_directory, "empty.csv"), "");

        var run = await Cli("model", "drift", "--reference", "empty.csv", "--current", "cur.csv", "--exclude", "request_id");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe($"tollgate: error: {_directory}/empty.csv: empty file, expected a header row\n");
    }
}
