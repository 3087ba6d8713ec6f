namespace Tollgate.Delivery.Running;

/// <summary>
/// Puts a value into a user's <c>/bin/sh -c</c> command as data, never as shell text: each <c>{placeholder}</c> becomes
/// a reference to an environment variable that holds the value, written for the quotes the placeholder stands in, so
/// <c>$(…)</c>, backticks and quotes in the value are never read by the shell:
/// bare <c>./serve.sh {version}</c> → <c>./serve.sh "${V}"</c>; in double quotes <c>"v={version}"</c> → <c>"v=${V}"</c>;
/// in single quotes <c>'v={version}'</c> → <c>'v='"${V}"''</c> (the single quotes closed around it); in the body of a
/// here-document with an unquoted delimiter → <c>${V}</c> (quotes there would be text). The command is read as POSIX sh
/// reads it (<see cref="ShellReader"/>); a backslash-escaped <c>\{version}</c> is left as written, and so is a
/// placeholder where no reference would be data (<see cref="PlaceholderSite"/>): in a comment, a quoted here-document,
/// <c>$'…'</c>, where bash evaluates it as arithmetic (<c>$((…))</c>, <c>let</c>, <c>[[ … -eq … ]]</c>, an array
/// index, an integer variable) or as a variable's name (<c>printf -v</c>, <c>read</c>, <c>unset</c>, <c>test -v</c>,
/// <c>declare NAME</c>, a nameref's value), which runs a <c>$(…)</c> in a value <c>a[$(cmd)]</c> however it is quoted,
/// and where the shell runs it as code (<c>eval</c>, <c>.</c>, <c>trap</c>, <c>sh -c</c>; <see cref="CommandOperands"/>),
/// behind a wrapper too (<c>command eval</c>, <c>env bash -c</c>, <c>timeout 30 sh -c</c>, <c>docker run img sh -c</c>;
/// <see cref="CommandWrapper"/>), where a remote shell parses it (<c>ssh host ./serve.sh {version}</c>,
/// <c>gcloud compute ssh vm --command</c>), where it begins a word kubectl, gcloud, systemd-run or docker read as an
/// option, after an option of theirs not known, and in a <c>parallel</c> command.
/// A word <c>x[…]</c> that is no array element (quoted text, an argument, a redirection's file) is data. Whatever the
/// command's shape, only the variable's name enters the shell text: a command the rules misread can at worst pass the
/// name literally, never run the value.
/// </summary>
public static class ShellPlaceholder
{
    /// <summary>
    /// <paramref name="template"/> with every <paramref name="placeholder"/> the shell would read replaced by a reference
    /// to <paramref name="variable"/>.
    /// </summary>
    public static string Substitute(string template, string placeholder, string variable) => Read(template, placeholder, variable).Script;

    /// <summary>The substitution and where each placeholder stood, for a caller that refuses the spots left as written.</summary>
    public static ShellSubstitution Read(string template, string placeholder, string variable) =>
        ShellReader.Read(template, placeholder, variable);
}
