namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>-var</c>/<c>-var-file</c> only mean something when tollgate plans a directory: with a plan (JSON, binary, standard
/// input) they are refused, where they were ignored and the user believed the plan judged with them (a new-user audit).
/// </summary>
public sealed class PlanVarsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-vars-").FullName;

    [Theory]
    [InlineData("-var", "env=prod", "-var is for a configuration directory, which tollgate plans; plan.json is a plan, whose variables were fixed when it was made: leave -var out, or give the directory")]
    [InlineData("-var-file", "nope.tfvars", "-var-file is for a configuration directory, which tollgate plans; plan.json is a plan, whose variables were fixed when it was made: leave -var-file out, or give the directory")]
    public async Task Plan_VarsWithAPlanFile_Exit3NothingRecorded(string option, string value, string error)
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json"), Path.Combine(_dir, "plan.json"));

        var run = await CliRun.RunAsync(_dir, "plan", "plan.json", option, value, "--ledger", "l.db");

        run.ExitCode.ShouldBe(3);
        run.Error.ShouldBe($"tollgate: error: {error}\n");
        File.Exists(Path.Combine(_dir, "l.db")).ShouldBeFalse();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
