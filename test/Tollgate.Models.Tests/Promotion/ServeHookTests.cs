using Tollgate.Domain;
using Tollgate.Models.Promotion;
using Tollgate.Processes;

namespace Tollgate.Models.Tests.Promotion;

/// <summary>
/// A hook is read as the shell reads it, here-documents, <c>${…}</c> and <c>$'…'</c> included: the version goes where
/// <c>{version}</c> stands or at the end of the last line as its argument, and a hook where it would be text the shell
/// never expands, a line of a here-document, arithmetic bash evaluates (<c>$((…))</c>, <c>let</c>,
/// <c>[[ … -eq … ]]</c>, an array index, an integer variable), a variable's name (<c>printf -v</c>, <c>unset</c>,
/// <c>declare NAME</c>) or shell code (<c>eval</c>, <c>sh -c</c>, behind <c>command</c>, <c>env</c>, <c>timeout</c>, …;
/// in ssh's remote command) is refused before it runs, as is one ending in a lone
/// <c>\</c>. A word <c>x[{version}]</c> that is no array element (quoted text, an argument, a file) is data.
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
    [InlineData("/bin/sh", "printf '%s\\n' x \\\n", "x\n2\n")]
    [InlineData("bash", "printf '%s\\n' x \\\n\n", "x\n2\n")]
    [InlineData("/bin/sh", "printf '%s\\n' x \\ \n", "x\n \n2\n")]
    [InlineData("bash", "printf '%s\\n' x\\\n", "x\n2\n")]
    public async Task Command_NoPlaceholderEndingInAnEscapedLineEnd_VersionIsTheLastArgument(string shell, string template, string printed)
    {
        // Before: the trailing newline or blank was trimmed, so the backslash escaped the space before the version,
        // and the hook received " 2" (or "x 2") instead of 2.
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
    [InlineData("echo $(( {version} + 1 ))", "has {version} in arithmetic ($((…)), ((…)), $[…], let, ${var:offset}), where bash evaluates the version as arithmetic")]
    [InlineData("((v = {version})) && ./serve.sh", "has {version} in arithmetic ($((…)), ((…))")]
    [InlineData("let n={version} && ./serve.sh", "has {version} in arithmetic ($((…)), ((…)), $[…], let, ${var:offset}), where bash evaluates the version as arithmetic (a[$(…)] in it would run): pass it as an argument, e.g. './serve.sh {version}'")]
    [InlineData("echo $[{version}]", "has {version} in arithmetic")]
    [InlineData("[[ {version} -ge 3 ]] && ./serve.sh {version}", "has {version} beside -eq, -ne, -lt, -le, -gt or -ge in [[ … ]], where bash evaluates the version as arithmetic (a[$(…)] in it would run): compare it as a string, [[ {version} == 3 ]], or as a number with [ {version} -eq 3 ]")]
    [InlineData("./serve.sh ${MODELS[{version}]}", "has {version} in an array index (a[…]=, ${a[…]}, unset 'a[…]'), which bash evaluates as arithmetic")]
    [InlineData("served[{version}]=1; ./serve.sh {version}", "has {version} in an array index")]
    [InlineData("declare -i n={version}", "has {version} in a value for a variable declared integer (declare -i, typeset -i, local -i), which bash evaluates as arithmetic (a[$(…)] in it would run): drop -i, or pass it as an argument")]
    [InlineData("let n=1", "has no {version} and ends where bash would evaluate the version as arithmetic")]
    [InlineData("printf -v {version} %s served && ./serve.sh", "has {version} as a variable's name or part of one (printf -v, read, mapfile, unset, getopts, wait -p, test -v, [[ -v … ]], declare/typeset/local/export/readonly NAME, a nameref's value), where bash evaluates an index in the name (a[$(…)] in it would run): pass it as an argument of a script, e.g. './serve.sh {version}', or assign it as a value, v={version}")]
    [InlineData("read -r {version} < /dev/null; ./serve.sh", "has {version} as a variable's name")]
    [InlineData("unset 'served_{version}'", "has {version} as a variable's name")]
    [InlineData("[[ -v {version} ]] || ./serve.sh {version}", "has {version} as a variable's name")]
    [InlineData("export MODEL_{version}=1", "has {version} as a variable's name")]
    [InlineData("declare -n live={version}", "has {version} as a variable's name")]
    [InlineData("eval ./serve.sh {version}", "has {version} where the shell would run the version as shell code (eval, . or source, trap's action, mapfile -C, the command string of sh -c, bash -c, dash -c, zsh -c, su -c, runuser -c, flock -c, script -c, a word of watch's command, env -S, ssh -o, gcloud compute ssh --ssh-flag, systemd-run -p Exec…= or Environment=, docker or podman run --health-cmd, the NAME of docker's or podman's -e NAME=VALUE, kubectl run's --env or systemd-run's -E (BASH_ENV=$(…) runs as bash starts); also behind command, builtin, time, exec, env, sudo, doas, runuser, timeout, nice, nohup, setsid, stdbuf, nsenter, unshare, chrt, ionice, taskset, prlimit, xargs, find -exec, chroot, flock, systemd-run, kubectl exec or run, docker or podman exec or run): pass it as an argument, e.g. './serve.sh {version}', or after the command string, bash -c './serve.sh \"$1\"' _ {version}")]
    [InlineData("ssh-agent true; . ./env-{version}.sh", "would run the version as shell code")]
    [InlineData("trap 'echo {version}' EXIT", "would run the version as shell code")]
    [InlineData("bash -ec \"./serve.sh {version}\"", "would run the version as shell code")]
    [InlineData("command eval ./serve.sh {version}", "would run the version as shell code (eval, . or source, trap's action, mapfile -C, the command string of sh -c, bash -c, dash -c, zsh -c, su -c, runuser -c, flock -c, script -c, a word of watch's command, env -S, ssh -o, gcloud compute ssh --ssh-flag, systemd-run -p Exec…= or Environment=, docker or podman run --health-cmd, the NAME of docker's or podman's -e NAME=VALUE, kubectl run's --env or systemd-run's -E (BASH_ENV=$(…) runs as bash starts); also behind command, builtin, time, exec, env, sudo, doas, runuser, timeout, nice, nohup, setsid, stdbuf, nsenter, unshare, chrt, ionice, taskset, prlimit, xargs, find -exec, chroot, flock, systemd-run, kubectl exec or run, docker or podman exec or run)")]
    [InlineData("env A=1 bash -c './serve.sh {version}'", "would run the version as shell code")]
    [InlineData("sudo -u svc sh -c {version}", "would run the version as shell code")]
    [InlineData("kubectl exec pod -- sh -c {version}", "would run the version as shell code")]
    [InlineData("su - svc -c './serve.sh {version}'", "would run the version as shell code")]
    [InlineData("ssh deploy@host ./serve.sh {version}", "has {version} in the command ssh runs on the remote host, which ssh joins with spaces for the remote login shell to parse, so the version would run there as shell code however it is quoted: pass it on standard input, e.g. 'printf \"%s\\n\" {version} | ssh host ./serve.sh'")]
    [InlineData("ssh -p 2222 deploy@host -- ./serve.sh", "has no {version} and ends in ssh's remote command, which the remote shell parses as code: pass the version on standard input")]
    [InlineData("runuser svc -c './serve.sh {version}'", "would run the version as shell code")]
    [InlineData("docker run --rm img sh -c {version}", "would run the version as shell code")]
    [InlineData("gcloud compute ssh fraud-1 --zone z --command './serve.sh {version}'", "has {version} in the command ssh runs on the remote host, which ssh joins with spaces for the remote login shell to parse, so the version would run there as shell code however it is quoted: pass it on standard input, e.g. 'printf \"%s\\n\" {version} | ssh host ./serve.sh' (the script reads it with read -r); so does gcloud compute ssh with its --command, --container and the words after its --")]
    [InlineData("gcloud compute ssh fraud-1 -- ./serve.sh", "has no {version} and ends in ssh's remote command, which the remote shell parses as code")]
    [InlineData("kubectl annotate deploy/fraud {version}", "has {version} beginning a word where kubectl, gcloud compute ssh, systemd-run, or docker or podman run or exec read their own options, so a version that begins with - would be one that runs a command: --kubeconfig=FILE (kubectl runs the exec credential plugin FILE names; --server=URL would send it the credentials)")]
    [InlineData("docker run --rm --frobnicate x img ./serve.sh {version}", "has {version} after an option of docker or podman run or exec, or of systemd-run, that Tollgate does not know, so it cannot tell whether the option takes the next word, where the image or the command begins, and so whether the version would be code: give the option's value in the same word, --option=value")]
    [InlineData("parallel ./serve.sh ::: {version}", "has {version} in a parallel (or sem, env_parallel) command, which GNU parallel joins into a line for a shell to parse (moreutils' parallel reads the same words otherwise), so the version could run as shell code: pass it with xargs, which runs the command with each item as one argument and no shell, e.g. 'printf \"%s\\0\" {version} | xargs -0 ./serve.sh'")]
    [InlineData("kubectl annotate deploy/fraud", "has no {version} and ends where the version appended would be a kubectl, gcloud, systemd-run, docker or podman option, follow an option Tollgate does not know, or be a word of a parallel command")]
    [InlineData("declare -a images={version}", "has {version} in a value declare -a or -A assigns (or typeset, local, export, readonly), which bash reads as an array's list when it looks like one (([$(…)]=1) would run): assign it without -a or -A, v={version}")]
    [InlineData("./serve.sh; unset", "has no {version} and ends where the version would be a variable's name or shell code (unset, read, printf -v, declare, eval, sh -c, …), which bash would evaluate")]
    [InlineData("bash -c", "has no {version} and ends where the version would be a variable's name or shell code")]
    [InlineData("./serve.sh \\", "has no {version} and ends in a lone '\\', which the shell passes as the argument '\\'")]
    [InlineData("./serve.sh --model fraud \\", "ends in a lone '\\'")]
    public void Checked_VersionWouldNotBeAnArgumentNorData_OneLineNamingWhatToWrite(string template, string message)
    {
        var refused = Should.Throw<InvalidInputException>(() => ServeHook.Checked(template, "--exec"));

        refused.Message.ShouldStartWith("--exec '");
        refused.Message.ShouldContain(message, Case.Sensitive);
        refused.Message.ShouldNotContain('\n');
        Should.Throw<InvalidInputException>(() => ServeHook.Command(template, "2")).Message.ShouldContain(message, Case.Sensitive);
    }

    [Theory]
    [InlineData("printf -v {version} %s served")]
    [InlineData("a=(1); unset {version}")]
    [InlineData("declare {version}=1")]
    [InlineData("eval echo {version}")]
    [InlineData("sh -c {version}")]
    [InlineData("command eval echo {version}")]
    [InlineData("builtin printf -v {version} %s served")]
    [InlineData("time -p eval echo {version}")]
    [InlineData("exec bash -c {version}")]
    [InlineData("env A=1 bash -c {version}")]
    [InlineData("timeout 30 sh -c {version}")]
    [InlineData("nice -n 5 sh -c {version}")]
    [InlineData("nohup sh -c {version} >/dev/null 2>&1")]
    [InlineData("setsid -w sh -c {version}")]
    [InlineData("stdbuf -oL sh -c {version}")]
    [InlineData("echo x | xargs sh -c {version}")]
    [InlineData("find . -maxdepth 0 -exec sh -c {version} \\;")]
    public async Task Checked_VersionAsANameOrCode_WouldRunAVersionsCommand_RefusedBeforeAnythingRuns(string template)
    {
        // The proof: the version as the quoted reference a hook's argument gets runs its $(…) there under bash.
        var directory = Directory.CreateTempSubdirectory("tollgate-servehook-").FullName;
        var version = $"a[$(touch {directory}/PWNED)]";
        await ChildProcess.RunAsync(new ChildCommand("bash", ["-c", template.Replace("{version}", $"\"${{{ServeHook.VersionVariable}}}\"", StringComparison.Ordinal)])
        {
            Environment = new Dictionary<string, string?> { [ServeHook.VersionVariable] = version },
            WorkingDirectory = directory,
            Timeout = TimeSpan.FromSeconds(20),
        });
        var ran = File.Exists(Path.Combine(directory, "PWNED"));
        Directory.Delete(directory, recursive: true);

        ran.ShouldBeTrue(template);
        Should.Throw<InvalidInputException>(() => ServeHook.Checked(template, "--exec"));
    }

    [Theory]
    [InlineData("/bin/sh")]
    [InlineData("bash")]
    public async Task Command_VersionInBracketsAsTextArgumentOrFileName_HookReceivesItByteForByte(string shell)
    {
        // Before: "fraud[{version}]", x[{version}] and >x[{version}] were read as array indexes and refused.
        const string Template = "printf '%s\\n' \"fraud[{version}]\" x[{version}] >served[{version}]; cat served*; printf '%s\\n' served*";
        const string Version = "a[$(touch PWNED)]'\"` é";
        var (result, ran) = await RunCheckedAsync(shell, Template, Version);

        result.ExitCode.ShouldBe(0, result.Errors);
        result.Output.ShouldBe($"fraud[{Version}]\nx[{Version}]\nserved[{Version}]\n");
        ran.ShouldBeFalse();
    }

    [Theory]
    [InlineData("/bin/sh", "timeout 30 printf '%s\\n' {version}")]
    [InlineData("bash", "env A=1 printf '%s\\n' {version}")]
    [InlineData("bash", "command printf '%s\\n' {version}")]
    [InlineData("/bin/sh", "exec printf '%s\\n' {version}")]
    [InlineData("/bin/sh", "runuser -u root -- printf '%s\\n' {version}")]
    [InlineData("bash", "printf '%s\\0' {version} | xargs -0 printf '%s\\n'")]
    [InlineData("/bin/sh", "nice -n 5 find . -maxdepth 0 -exec printf '%s\\n' {version} \\;")]
    [InlineData("/bin/sh", "ssh() { read -r v; printf '%s\\n' \"$v\"; }; printf '%s\\n' {version} | ssh host ./serve.sh")]
    public async Task Command_VersionAsAnArgumentOfAWrappedCommand_HookReceivesItByteForByte(string shell, string template)
    {
        // Before: the wrappers' inner commands were not followed; an argument of an ordinary command stays data. The
        // ssh function stands in for ssh, the remote shell's read -r for the script reading the version on standard input.
        const string Version = "a[$(touch PWNED)]'\"` x; rm -rf ~";
        var (result, ran) = await RunCheckedAsync(shell, template, Version);

        result.ExitCode.ShouldBe(0, result.Errors);
        result.Output.ShouldBe($"{Version}\n");
        ran.ShouldBeFalse();
    }

    /// <summary>The hook accepted, then run by <paramref name="shell"/> in a fresh folder: its result, and whether the version's <c>$(touch PWNED)</c> ran.</summary>
    private static async Task<(ChildResult Result, bool Ran)> RunCheckedAsync(string shell, string template, string version)
    {
        var directory = Directory.CreateTempSubdirectory("tollgate-servehook-").FullName;
        ServeHook.Checked(template, "--exec").ShouldBe(template);
        var command = ServeHook.Command(template, version);

        var result = await ChildProcess.RunAsync(new ChildCommand(shell, ["-c", command.Script])
        {
            Environment = command.Variables.ToDictionary(v => v.Key, string? (v) => v.Value),
            WorkingDirectory = directory,
            Timeout = TimeSpan.FromSeconds(20),
        });
        var ran = File.Exists(Path.Combine(directory, "PWNED"));
        Directory.Delete(directory, recursive: true);
        return (result, ran);
    }

    [Theory]
    [InlineData("sudo -u svc ./serve.sh {version}", "sudo -u svc ./serve.sh \"${TOLLGATE_MODEL_VERSION}\"")]
    [InlineData("kubectl exec pod -c app -- ./serve.sh {version}", "kubectl exec pod -c app -- ./serve.sh \"${TOLLGATE_MODEL_VERSION}\"")]
    [InlineData("printf '%s\\n' {version} | ssh -p 2222 deploy@host ./serve.sh", "printf '%s\\n' \"${TOLLGATE_MODEL_VERSION}\" | ssh -p 2222 deploy@host ./serve.sh")]
    [InlineData("docker exec -u svc web ./serve.sh {version}", "docker exec -u svc web ./serve.sh \"${TOLLGATE_MODEL_VERSION}\"")]
    [InlineData("docker run --rm -e MODEL=fraud img ./serve.sh {version}", "docker run --rm -e MODEL=fraud img ./serve.sh \"${TOLLGATE_MODEL_VERSION}\"")]
    [InlineData("runuser -u svc -- ./serve.sh {version}", "runuser -u svc -- ./serve.sh \"${TOLLGATE_MODEL_VERSION}\"")]
    [InlineData("systemd-run --wait -E VERSION={version} ./serve.sh {version}", "systemd-run --wait -E VERSION=\"${TOLLGATE_MODEL_VERSION}\" ./serve.sh \"${TOLLGATE_MODEL_VERSION}\"")]
    [InlineData("kubectl rollout undo deployment/fraud --to-revision", "kubectl rollout undo deployment/fraud --to-revision \"${TOLLGATE_MODEL_VERSION}\"")]
    public void Command_WrappedCommandsArgumentWithNoShellBetween_IsTheQuotedReference(string template, string script)
    {
        // sudo, runuser -u, systemd-run, kubectl exec and docker exec or run pass argv, no shell parses it (-E's and
        // --to-revision's values are data); ssh reads the version from standard input.
        ServeHook.Checked(template, "--exec").ShouldBe(template);

        ServeHook.Command(template, "2").Script.ShouldBe(script);
    }
}
