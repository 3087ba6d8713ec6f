using Tollgate.Domain;
using Tollgate.Models.Promotion;
using Tollgate.Processes;

namespace Tollgate.Models.Tests.Promotion;

/// <summary>
/// A hook is read as the shell reads it, here-documents, <c>${…}</c> and <c>$'…'</c> included: the version goes where
/// <c>{version}</c> stands or at the end of the last line as its argument, and a hook where it would be text the shell
/// never expands, a line of a here-document, or arithmetic bash evaluates is refused before it runs.
/// </summary>
public sealed class ServeHookTests
{
    /// <summary>The hook's command for version 2 run under <paramref name="shell"/> (/bin/sh is dash here), its output.</summary>
    private static async Task<string> RunAsync(string template, string shell)
    {
        var command = ServeHook.Command(template, "2");
        var result = await ChildProcess.RunAsync(new ChildCommand(shell, ["-c", command.Script])
        {
            Environment = command.Variables.ToDictionary(v => v.Key, string? (v) => v.Value),
            WorkingDirectory = Path.GetTempPath(),
            Timeout = TimeSpan.FromSeconds(20),
        });
        result.ExitCode.ShouldBe(0, $"{command.Script}: {result.Errors}");
        return result.Output;
    }

    [Theory]
    [InlineData("/bin/sh", "cat <<EOF\nit's\nEOF\nprintf '%s\\n'", "it's\n2\n")]
    [InlineData("bash", "cat <<EOF\nit's\nEOF\nprintf '%s\\n'", "it's\n2\n")]
    [InlineData("/bin/sh", "printf '%s\\n' ${TOLLGATE_UNSET_X:-/srv/ #models}", "/srv/\n#models\n2\n")]
    [InlineData("bash", "printf '%s\\n' ${TOLLGATE_UNSET_X:-/srv/ #models}", "/srv/\n#models\n2\n")]
    [InlineData("bash", "printf '%s\\n' $'it\\'s'", "it's\n2\n")]
    [InlineData("/bin/sh", "printf '%s\\n' $((1<<2))", "4\n2\n")]
    public async Task Command_NoPlaceholderAfterQuotesTheOldReadingMissed_VersionIsTheLastArgument(string shell, string template, string printed)
    {
        // Before: the apostrophe in the here-document, the '#' in ${…} and the \' in $'…' were misread, and the
        // version was passed as the text "${TOLLGATE_MODEL_VERSION}" or the hook refused as ending in a comment.
        ServeHook.Checked(template, "--exec").ShouldBe(template);

        (await RunAsync(template, shell)).ShouldBe(printed);
    }

    [Theory]
    [InlineData("/bin/sh")]
    [InlineData("bash")]
    public async Task Command_PlaceholderInAHereDocument_TheDocumentHoldsTheVersionAsText(string shell)
    {
        // Before: "{version}" became "${TOLLGATE_MODEL_VERSION}" in double quotes, which a here-document keeps as text.
        var printed = await RunAsync("cat <<EOF\nimage: reg/fraud:{version}\nname: \"{version}\" it's\nEOF", shell);

        printed.ShouldBe("image: reg/fraud:2\nname: \"2\" it's\n");
    }

    [Theory]
    [InlineData("cat > served.txt <<EOF\nmodel: fraud\nEOF", "has no {version} and ends in a here-document (<<EOF), where the version would be a line of its text")]
    [InlineData("cat > served.txt <<-EOF\n\tmodel: fraud\n\tEOF\n\n", "has no {version} and ends in a here-document (<<-EOF)")]
    [InlineData("./deploy.sh <<'EOF'", "has no {version} and ends in a here-document (<<'EOF')")]
    [InlineData("cat > served.txt <<'EOF'\nmodel: fraud@{version}\nEOF", "has {version} in a here-document whose delimiter is quoted (<<'EOF'), where the shell expands nothing")]
    [InlineData("printf '%s\\n' $'version:\\t{version}'", "has {version} inside $'…', which bash and dash read differently: close the quotes before it")]
    [InlineData("echo $(( {version} + 1 ))", "has {version} inside $((…)) or ((…)), where bash evaluates the version as arithmetic")]
    [InlineData("((v = {version})) && ./serve.sh", "has {version} inside $((…)) or ((…))")]
    public void Checked_VersionWouldNotBeAnArgumentNorData_OneLineNamingWhatToWrite(string template, string message)
    {
        var refused = Should.Throw<InvalidInputException>(() => ServeHook.Checked(template, "--exec"));

        refused.Message.ShouldStartWith("--exec '");
        refused.Message.ShouldContain(message, Case.Sensitive);
        refused.Message.ShouldNotContain('\n');
        Should.Throw<InvalidInputException>(() => ServeHook.Command(template, "2")).Message.ShouldContain(message, Case.Sensitive);
    }
}
