namespace Tollgate.Delivery.Running;

/// <summary>
/// Why a hook's <c>{version}</c> is refused where it stands (<see cref="PlaceholderSite"/>), as the end of the error
/// line: shared by every hook given a version (a model's <c>--exec</c> and <c>--check</c>, a deploy's <c>--rollback-cmd</c>).
/// </summary>
public static class PlaceholderRefusal
{
    private const string Placeholder = "{version}";

    private const string EvaluatedAsArithmetic = "where bash evaluates the version as arithmetic (a[$(…)] in it would run)";

    /// <summary>
    /// Why a <c>{version}</c> at <paramref name="site"/> is refused, or null where it is data: where the shell expands
    /// nothing (a here-document with a quoted delimiter), which bash and dash read differently (<c>$'…'</c>), which
    /// bash evaluates as arithmetic or as a variable's name, where a version <c>a[$(cmd)]</c> runs <c>cmd</c> however it
    /// is quoted, or which the shell runs as code.
    /// </summary>
    /// <param name="site">Where the placeholder stands.</param>
    /// <param name="script">The script the examples pass the version to: a model's <c>--exec</c> serves it, a deploy's
    /// <c>--rollback-cmd</c> rolls back to it.</param>
    public static string? Of(PlaceholderSite site, string script = "./serve.sh") => site switch
    {
        PlaceholderSite.QuotedHereDocument => $"has {Placeholder} in a here-document whose delimiter is quoted (<<'EOF'), where the shell expands nothing: unquote the delimiter (<<EOF) or pass {Placeholder} as an argument",
        PlaceholderSite.AnsiCQuotes => $"has {Placeholder} inside $'…', which bash and dash read differently: close the quotes before it, e.g. $'a\tb'{Placeholder}",
        PlaceholderSite.Arithmetic => $"has {Placeholder} in arithmetic ($((…)), ((…)), $[…], let, ${{var:offset}}), {EvaluatedAsArithmetic}: pass it as an argument, e.g. '{script} {Placeholder}'",
        PlaceholderSite.Comparison => $"has {Placeholder} beside -eq, -ne, -lt, -le, -gt or -ge in [[ … ]], {EvaluatedAsArithmetic}: compare it as a string, [[ {Placeholder} == 3 ]], or as a number with [ {Placeholder} -eq 3 ]",
        PlaceholderSite.Subscript => $"has {Placeholder} in an array index (a[…]=, ${{a[…]}}, unset 'a[…]'), which bash evaluates as arithmetic (a[$(…)] in it would run) unless the array is associative, which the hook's text does not show: pass it as an argument, e.g. '{script} {Placeholder}'",
        PlaceholderSite.IntegerVariable => $"has {Placeholder} in a value for a variable declared integer (declare -i, typeset -i, local -i), which bash evaluates as arithmetic (a[$(…)] in it would run): drop -i, or pass it as an argument, e.g. '{script} {Placeholder}'",
        PlaceholderSite.VariableName => $"has {Placeholder} as a variable's name or part of one (printf -v, read, mapfile, unset, getopts, wait -p, test -v, [[ -v … ]], declare/typeset/local/export/readonly NAME, a nameref's value), where bash evaluates an index in the name (a[$(…)] in it would run): pass it as an argument of a script, e.g. '{script} {Placeholder}', or assign it as a value, v={Placeholder}",
        PlaceholderSite.Code => $"has {Placeholder} where the shell would run the version as shell code (eval, . or source, trap's action, mapfile -C, the command string of sh -c, bash -c, dash -c, zsh -c, su -c, runuser -c, flock -c, script -c, a word of watch's command, env -S, ssh -o, gcloud compute ssh --ssh-flag, systemd-run -p Exec…= or Environment=, docker or podman run --health-cmd, the NAME of docker's or podman's -e NAME=VALUE, kubectl run's --env or systemd-run's -E (BASH_ENV=$(…) runs as bash starts); also behind command, builtin, time, exec, env, sudo, doas, runuser, timeout, nice, nohup, setsid, stdbuf, nsenter, unshare, chrt, ionice, taskset, prlimit, xargs, find -exec, chroot, flock, systemd-run, kubectl exec or run, docker or podman exec or run): pass it as an argument, e.g. '{script} {Placeholder}', or after the command string, bash -c '{script} \"$1\"' _ {Placeholder}",
        PlaceholderSite.RemoteCommand => $"has {Placeholder} in the command ssh runs on the remote host, which ssh joins with spaces for the remote login shell to parse, so the version would run there as shell code however it is quoted: pass it on standard input, e.g. 'printf \"%s\\n\" {Placeholder} | ssh host {script}' (the script reads it with read -r); so does gcloud compute ssh with its --command, --container and the words after its --",
        PlaceholderSite.Option => $"has {Placeholder} beginning a word where kubectl, gcloud compute ssh, systemd-run, or docker or podman run or exec read their own options, so a version that begins with - would be one that runs a command: --kubeconfig=FILE (kubectl runs the exec credential plugin FILE names; --server=URL would send it the credentials), --ssh-flag=-oProxyCommand=CMD (gcloud), -pExecStartPre=CMD (systemd-run), --health-cmd=CMD (docker or podman run): put fixed text before it, e.g. an option's value in its word, --to-revision={Placeholder}, or pass it after the image or after --, where the command's arguments go",
        PlaceholderSite.UnknownOption => $"has {Placeholder} after an option of docker or podman run or exec, or of systemd-run, that Tollgate does not know, so it cannot tell whether the option takes the next word, where the image or the command begins, and so whether the version would be code: give the option's value in the same word, --option=value",
        PlaceholderSite.Parallel => $"has {Placeholder} in a parallel (or sem, env_parallel) command, which GNU parallel joins into a line for a shell to parse (moreutils' parallel reads the same words otherwise), so the version could run as shell code: pass it with xargs, which runs the command with each item as one argument and no shell, e.g. 'printf \"%s\\0\" {Placeholder} | xargs -0 {script}'",
        PlaceholderSite.ArrayValue => $"has {Placeholder} in a value declare -a or -A assigns (or typeset, local, export, readonly), which bash reads as an array's list when it looks like one (([$(…)]=1) would run): assign it without -a or -A, v={Placeholder}, or pass it as an argument, e.g. '{script} {Placeholder}'",
        _ => null,
    };
}
