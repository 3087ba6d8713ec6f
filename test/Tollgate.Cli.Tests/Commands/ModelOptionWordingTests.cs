using System.Text.Json;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// The model commands word one mistake one way: a <c>--slice-by</c> of separators alone names no column (as
/// <c>--features ,</c> does), a missing input is named with its option (as <c>register</c> names <c>--artifact</c>),
/// and a trend's figure has the slice of the whole data, <c>(all)</c>, as a drift figure does.
/// </summary>
public sealed class ModelOptionWordingTests : IDisposable
{
    private readonly string _directory = TestScratch.CreateSubdirectory("tollgate-model-wording-").FullName;

    public ModelOptionWordingTests()
    {
        foreach (var name in new[] { "reference.csv", "current.csv", "conversion.csv" })
        {
            File.Copy(Repository.File("examples", "models", name), Path.Combine(_directory, name));
        }

        File.WriteAllText(Path.Combine(_directory, "shadow.csv"), "request_id,model_version,prediction,region\nq1,7,0.2,eu\nq1,8,0.3,eu\n");
        File.WriteAllText(Path.Combine(_directory, "model.bin"), "weights");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<CliRun> Cli(params string[] args) => CliRun.RunAsync(_directory, [.. args, "--ledger", "l.db"]);

    [Theory]
    [InlineData("drift", ",")]
    [InlineData("drift", " , ,")]
    [InlineData("profile", ",")]
    [InlineData("shadow", ",")]
    public async Task SliceBy_OnlySeparators_Exit3NamesNoColumn(string command, string sliceBy)
    {
        // Before: --slice-by , was read as no slicing (a pass over the whole data), while --features , was exit 3.
        await RegisterAsync();
        string[] args = command switch
        {
            "drift" => ["model", "drift", "--reference", "reference.csv", "--current", "current.csv"],
            "profile" => ["model", "profile", "reference.csv", "-o", "p.json"],
            _ => ["model", "shadow", "fraud@8", "--live", "fraud@7", "--predictions", "shadow.csv"],
        };

        var run = command == "profile" ? await CliRun.RunAsync(_directory, [.. args, "--slice-by", sliceBy]) : await Cli([.. args, "--slice-by", sliceBy]);

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe("tollgate: error: --slice-by names no column\n");
        File.Exists(Path.Combine(_directory, "p.json")).ShouldBeFalse();
    }

    [Fact]
    public async Task SliceBy_EmptyOrLeftOut_SlicesNothing()
    {
        var empty = await Cli("model", "drift", "--reference", "reference.csv", "--current", "current.csv", "--slice-by", "", "--format", "json");
        var omitted = await Cli("model", "drift", "--reference", "reference.csv", "--current", "current.csv", "--format", "json");

        empty.ExitCode.ShouldBe(omitted.ExitCode, empty.Error);
        Slices(empty.Out).ShouldBe(["(all)"]);
        Slices(omitted.Out).ShouldBe(["(all)"]);
    }

    [Theory]
    [InlineData("--reference", "nope.csv", "--reference nope.csv does not exist")]
    [InlineData("--current", "nope.csv", "--current nope.csv does not exist")]
    [InlineData("--current", "sub/nope.csv", "--current sub/nope.csv does not exist")]
    public async Task Drift_MissingFile_NamedWithItsOption(string option, string value, string error)
    {
        Directory.CreateDirectory(Path.Combine(_directory, "sub"));
        var reference = option == "--reference" ? value : "reference.csv";
        var current = option == "--current" ? value : "current.csv";

        var run = await Cli("model", "drift", "--reference", reference, "--current", current);

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe($"tollgate: error: {error}\n");
    }

    [Fact]
    public async Task Drift_MergedReferenceWithOneProfileMissing_NamesThatOne()
    {
        (await CliRun.RunAsync(_directory, "model", "profile", "reference.csv", "-o", "p1.json")).ExitCode.ShouldBe(0);

        var run = await Cli("model", "drift", "--reference", "p1.json,p2.json", "--current", "current.csv");

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe("tollgate: error: --reference p2.json does not exist\n");
    }

    [Fact]
    public async Task Shadow_MissingPredictions_NamedWithItsOption()
    {
        await RegisterAsync();

        var run = await Cli("model", "shadow", "fraud@8", "--live", "fraud@7", "--predictions", "nope.csv");

        run.ExitCode.ShouldBe(3, run.Out);
        run.Error.ShouldBe("tollgate: error: --predictions nope.csv does not exist\n");
    }

    [Fact]
    public async Task Trend_Figure_HasTheWholeDatasSlice()
    {
        // Before: "slice": "" where a drift figure of the whole data says "(all)".
        var trend = await Cli("model", "trend", "--series", "conversion.csv", "--format", "json");
        var drift = await Cli("model", "drift", "--reference", "reference.csv", "--current", "current.csv", "--format", "json");

        Slices(trend.Out).ShouldBe(["(all)"]);
        Slices(drift.Out).ShouldBe(["(all)"]);
    }

    private async Task RegisterAsync()
    {
        foreach (var version in new[] { "7", "8" })
        {
            var run = await Cli("model", "register", "fraud", "--version", version, "--artifact", "model.bin", "--dataset", "reference.csv");
            run.ExitCode.ShouldBeOneOf([0, 2], run.Error);
        }
    }

    private static string[] Slices(string json)
    {
        using var report = JsonDocument.Parse(json);
        return [.. report.RootElement.GetProperty("figures").EnumerateArray().Select(f => f.GetProperty("slice").GetString()!).Distinct()];
    }
}
