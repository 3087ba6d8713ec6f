namespace Tollgate.Delivery.Running;

/// <summary>
/// Where a placeholder stands in a shell command as <c>/bin/sh</c> reads it, and so what <see cref="ShellPlaceholder"/>
/// made of it: a reference to the variable where the shell expands one as data, else the placeholder left as written
/// for the caller to refuse (a hook that would receive nothing, or a value the shell would read as code).
/// </summary>
public enum PlaceholderSite
{
    /// <summary>A word or part of one (bare, in <c>"…"</c>, <c>'…'</c> or <c>${…}</c>, also inside <c>$(…)</c>): the reference, quoted for the spot.</summary>
    Word,

    /// <summary>The body of a here-document whose delimiter is unquoted (<c>&lt;&lt;EOF</c>): <c>${V}</c>, which the shell expands once, as text.</summary>
    HereDocument,

    /// <summary>In a <c># comment</c>: left as written; the shell never reads it.</summary>
    Comment,

    /// <summary>The body of a here-document whose delimiter is quoted (<c>&lt;&lt;'EOF'</c>): left as written; the shell expands nothing there.</summary>
    QuotedHereDocument,

    /// <summary>Inside <c>$'…'</c>: left as written; bash reads it as ANSI-C quotes, dash as <c>$</c> and <c>'…'</c>, so no reference reads the same in both.</summary>
    AnsiCQuotes,

    /// <summary>
    /// In arithmetic: <c>$((…))</c>, <c>((…))</c>, bash's <c>$[…]</c>, the arguments of <c>let</c>, the offset and length
    /// of <c>${var:offset:length}</c>. Left as written: bash evaluates a value there, running a <c>$(…)</c> in an array index.
    /// </summary>
    Arithmetic,

    /// <summary>An operand of <c>-eq</c>, <c>-ne</c>, <c>-lt</c>, <c>-le</c>, <c>-gt</c> or <c>-ge</c> inside bash's <c>[[ … ]]</c>, which bash evaluates as arithmetic: left as written.</summary>
    Comparison,

    /// <summary>
    /// In an array index: <c>a[…]=</c>, <c>${a[…]}</c>, a name <c>a[…]</c> a builtin takes (<c>unset 'a[…]'</c>,
    /// <see cref="VariableName"/>). Left as written: bash evaluates an indexed array's index as arithmetic, and whether
    /// an array is associative is not in the text. Elsewhere a word <c>x[…]</c> is data: a glob pattern, quoted text, a file.
    /// </summary>
    Subscript,

    /// <summary>In a value assigned to a variable the command declares integer (<c>declare -i</c>, <c>typeset -i</c>, <c>local -i</c>), which bash evaluates as arithmetic: left as written.</summary>
    IntegerVariable,

    /// <summary>
    /// In a variable's name, whole or part, where a builtin takes one (<see cref="CommandOperands"/>: <c>printf -v</c>,
    /// <c>read</c>, <c>mapfile</c>, <c>unset</c>, <c>test -v</c>, <c>[[ -v … ]]</c>, <c>getopts</c>, <c>wait -p</c>; the
    /// names <c>declare</c>, <c>typeset</c>, <c>local</c>, <c>export</c> and <c>readonly</c> take), or a nameref's value
    /// (<c>declare -n r=…</c>, then <c>r=…</c> or <c>for r in …</c>), which is a name too. Left as written: bash
    /// evaluates the index of a name <c>a[$(cmd)]</c>, running <c>cmd</c>.
    /// </summary>
    VariableName,

    /// <summary>
    /// Where the shell reads the value as commands (<see cref="CommandOperands"/>): the arguments of <c>eval</c>, the
    /// file of <c>.</c> and <c>source</c>, <c>trap</c>'s action, <c>mapfile -C</c>'s callback, the command string of
    /// <c>sh -c</c>, <c>bash -c</c>, <c>dash -c</c>, <c>zsh -c</c>, also behind a wrapper (<c>command eval</c>,
    /// <c>env bash -c</c>, <c>sudo sh -c</c>, <c>docker run IMAGE sh -c</c>, <see cref="CommandWrapper"/>); <c>su -c</c>'s
    /// and <c>runuser -c</c>'s command, <c>env -S</c>'s string, <c>ssh -o</c>'s config line, gcloud's <c>--ssh-flag</c>,
    /// docker's <c>--health-cmd</c>, systemd-run's <c>Exec…=</c> and <c>Environment=</c> properties, the name docker's
    /// <c>-e</c> or systemd-run's <c>-E</c> sets (<c>BASH_ENV=$(cmd)</c>), and a word the value may begin where env, ssh,
    /// su or runuser read options (a value <c>-S…</c>, <c>-oProxyCommand=…</c>, <c>-c…</c> is that option). Left as
    /// written: quoting cannot keep code from running there.
    /// </summary>
    Code,

    /// <summary>
    /// In a value <c>declare</c>, <c>typeset</c>, <c>local</c>, <c>export</c> or <c>readonly</c> assigns with <c>-a</c> or
    /// <c>-A</c>, which bash reads as an array's list when it looks like one, <c>([$(cmd)]=1)</c>, evaluating its index: left as written.
    /// </summary>
    ArrayValue,

    /// <summary>
    /// In the command <c>ssh</c> runs on the remote host (<see cref="CommandWrapper"/>; also <c>gcloud … ssh</c>'s
    /// <c>--command</c>, <c>--container</c> and words after <c>--</c>): ssh joins its command words with
    /// spaces and the remote login shell parses the line, so a quoted reference here is code there. Left as written.
    /// </summary>
    RemoteCommand,

    /// <summary>
    /// A word the value begins where kubectl, gcloud, systemd-run, docker or podman read their own options
    /// (<see cref="CommandWrapper"/>): a value <c>--kubeconfig=FILE</c> makes kubectl run the exec credential plugin FILE
    /// names, <c>--ssh-flag=-oProxyCommand=…</c> makes gcloud's ssh run a command, <c>-pExecStartPre=…</c> is a command
    /// systemd runs, <c>--health-cmd=…</c> one the container runs. Left as written.
    /// </summary>
    Option,

    /// <summary>
    /// After an option of docker or podman <c>run</c> or <c>exec</c>, or of systemd-run, that Tollgate does not know,
    /// given without its value in the same word: whether the next word is its argument, the image or the command is
    /// unknown, so whether the value would be code there is too. Left as written.
    /// </summary>
    UnknownOption,

    /// <summary>
    /// Any word of a <c>parallel</c> command: GNU parallel joins its command's words into a line a shell parses (moreutils'
    /// parallel reads the same words otherwise), so a value there may run as code. Left as written.
    /// </summary>
    Parallel,
}
