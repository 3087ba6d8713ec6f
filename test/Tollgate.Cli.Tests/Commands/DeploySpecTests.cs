using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>deploy watch</c> and <c>deploy run</c> read their SLO spec as a deploy's: <c>groups.canary</c> alone (the
/// service's selector), as in <c>examples/deploys/slo.yaml</c>; a <c>groups.baseline</c> is never read, and a spec that
/// still has one gets a note on standard error instead of a refusal.
/// </summary>
public sealed class DeploySpecTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-deploy-spec-").FullName;

    private static readonly string Example = Repository.File("examples", "deploys", "slo.yaml");

    public static TheoryData<string[]> Commands => new()
    {
        { ["deploy", "watch", "checkout", "--env", "production", "--rollback-cmd", "touch side-effect", "--spec", Example, "--window", "30s"] },
        { ["deploy", "run", "checkout", "--version", "v7", "--env", "production", "--deploy-cmd", "touch side-effect", "--rollback-cmd", "touch side-effect", "--spec", Example, "--window", "30s"] },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Deploy_TheExampleSpec_LoadsAndReachesTheOptionChecks(string[] args)
    {
        // The spec loads (no groups.baseline needed) and the window is checked against its interval: exit 3, one line.
        var run = await CliRun.RunAsync(_dir, args);

        run.ExitCode.ShouldBe(3, run.Error);
        run.Error.ShouldBe("tollgate: error: --window 30s must be a whole number of the spec's interval (1m)\n");
        File.Exists(Path.Combine(_dir, "side-effect")).ShouldBeFalse();
    }

    [Fact]
    public async Task DeployWatch_SpecWithBaseline_NotesItIsNotReadAndGoesOn()
    {
        File.WriteAllText(Path.Combine(_dir, "slo.yaml"), File.ReadAllText(Example).Replace("groups:\n", "groups:\n  baseline: 'app=\"checkout\", track=\"stable\"'\n", StringComparison.Ordinal));

        var run = await CliRun.RunAsync(_dir, "deploy", "watch", "checkout", "--env", "production", "--spec", "slo.yaml", "--window", "30s");

        run.ExitCode.ShouldBe(3, run.Error);
        run.Error.ShouldBe(
            $"tollgate: note: {Path.Combine(_dir, "slo.yaml")}:12: groups.baseline is not read: a deploy watch's baseline is the same service before the deploy (groups.canary over as long a span just before it); remove groups.baseline\n"
            + "tollgate: error: --window 30s must be a whole number of the spec's interval (1m)\n");
    }

    [Fact]
    public async Task Canary_TheDeployExampleWithoutBaseline_IsStillRefused()
    {
        var run = await CliRun.RunAsync(_dir, "canary", "--spec", Example);

        run.ExitCode.ShouldBe(3, run.Error);
        run.Error.ShouldContain("slo.yaml:12: missing required field 'baseline'");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
