namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// Commands that take a model's name alone refuse NAME@VERSION in one line with exit 3 and say what to run, instead of
/// dropping the version unseen: <c>rollback fraud@1</c> rolled back to the version before production (here the same,
/// by chance), <c>live fraud@99</c> answered for fraud with exit 0, <c>alert-rules fraud@2</c> wrote rules watching
/// gauges labelled <c>model="fraud@2"</c>, which no report has.
/// </summary>
public sealed class ModelNameOnlyTests
{
    /// <summary>fraud@3, then 1, then 2 in production: a rollback would go to 1, not 3.</summary>
    private static async Task<string> ThreeVersionsAsync()
    {
        var directory = await ModelSteps.RunAsync("tollgate-name-only-", ModelSteps.Register("1"), ModelSteps.Register("2"), ModelSteps.Register("3"), ["promote", "fraud@3", "--initial"]);
        await ModelSteps.InProductionAsync(directory, "1");
        await ModelSteps.InProductionAsync(directory, "2");
        return directory;
    }

    [Theory]
    [InlineData("tollgate: error: NAME 'fraud@3' names a version: to roll back to that version, run tollgate model rollback fraud --to 3\n", "rollback", "fraud@3", "--exec", "echo {version} >> served.txt")]
    [InlineData("tollgate: error: NAME 'fraud@3' names a version: a drill rehearses the rollback from the version in production to the one before: tollgate model drill fraud --exec CMD\n", "drill", "fraud@3", "--exec", "echo {version} >> served.txt")]
    [InlineData("tollgate: error: NAME 'fraud@99' names a version: live answers which version of a model served: tollgate model live fraud [--at TIME]\n", "live", "fraud@99")]
    [InlineData("tollgate: error: model name 'fraud@2' names a version: the rules watch a model's gauges, labelled with its name alone (tollgate model alert-rules fraud)\n", "alert-rules", "fraud@2")]
    public async Task NameAndVersion_Exit3WithOneLineSayingWhatToRun_NothingMoved(string error, params string[] args)
    {
        var directory = await ThreeVersionsAsync();

        var run = await CliRun.RunAsync(directory, ["model", .. args]);

        run.ExitCode.ShouldBe(3, run.Out + run.Error);
        run.Out.ShouldBeEmpty();
        run.Error.ShouldBe(error);
        File.Exists(Path.Combine(directory, "served.txt")).ShouldBeFalse("no hook may run");
        (await CliRun.RunAsync(directory, "model", "live", "fraud")).Out.ShouldStartWith("fraud@2 ");
    }

    [Fact]
    public async Task Rollback_ToTheVersionMeant_ServesIt()
    {
        var directory = await ThreeVersionsAsync();

        var run = await CliRun.RunAsync(directory, "model", "rollback", "fraud", "--to", "3", "--exec", "echo {version} >> served.txt");

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        File.ReadAllText(Path.Combine(directory, "served.txt")).ShouldBe("3\n");
        (await CliRun.RunAsync(directory, "model", "live", "fraud")).Out.ShouldStartWith("fraud@3 ");
    }
}
