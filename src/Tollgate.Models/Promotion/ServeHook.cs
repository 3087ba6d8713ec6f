using Tollgate.Delivery.Running;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;
using Tollgate.Domain.Reports;

namespace Tollgate.Models.Promotion;

/// <summary>
/// The user's command that makes the serving layer serve a version (<c>--exec CMD</c>, <c>--check CMD</c>): run through
/// <c>/bin/sh -c</c> with a time limit and the version in the <see cref="VersionVariable"/> environment variable; the
/// command names that variable where <c>{version}</c> stands (bare, in double or in single quotes alike,
/// <see cref="ShellPlaceholder"/>), else as the last argument, so <c>kubectl set image … model=reg/fraud:{version}</c>,
/// <c>echo serving '{version}'</c>, a here-document's line <c>image: reg/fraud:{version}</c> and <c>./serve.sh</c> all
/// work. The version never enters the shell's text: one from an MLflow server holding <c>$(…)</c>, backticks or quotes
/// reaches the hook as it is, and nothing in it runs. A hook where it would be neither an argument nor data (code behind
/// a wrapper too, <c>env bash -c {version}</c>, a command line ssh sends to a remote shell, an option kubectl or docker
/// would read, a <c>parallel</c> command) is refused
/// before it runs (<see cref="Checked"/>).
/// </summary>
public static class ServeHook
{
    /// <summary>The environment variable that holds the version for the hook.</summary>
    public const string VersionVariable = "TOLLGATE_MODEL_VERSION";

    private const string Placeholder = "{version}";

    /// <summary>
    /// <paramref name="template"/> as given, or null when the option was left out; one line and exit 3 for an empty or
    /// blank command (<c>--exec "$SERVE"</c> with the variable unset), which <c>/bin/sh</c> would run as the version
    /// alone ("2: not found"): a drill would already have moved serving, and a failed hook would be recorded. So is a
    /// command the version cannot be put in as data (<see cref="Script"/>), before anything moves.
    /// </summary>
    public static string? Checked(string? template, string option)
    {
        var given = EmptyValue.Refuse(template, option, $"give the command that {(option == "--check" ? "checks" : "serves")} a version, e.g. './serve.sh {{version}}'");
        if (given is not null && Script(given).Refusal is { } refusal)
        {
            throw new InvalidInputException($"{option} '{TextSafe.Line(given)}' {refusal}");
        }

        return given;
    }

    /// <summary>
    /// The hook for <paramref name="version"/>; with <paramref name="artifact"/>, also told the model's name and the
    /// artifact's path and recorded digest (<see cref="ServedArtifact.Variables"/>), so one script serving several
    /// models can tell which, and can check it serves the registered bytes.
    /// </summary>
    public static ShellScript Command(string template, string version, ServedArtifact? artifact = null)
    {
        var (script, refusal) = Script(template);
        return new ShellScript(script ?? throw new InvalidInputException($"'{TextSafe.Line(template)}' {refusal}"))
        {
            Variables = new Dictionary<string, string> { [VersionVariable] = version },
            Context = artifact?.Variables ?? new Dictionary<string, string>(),
        };
    }

    /// <summary>
    /// The shell text: every <c>{version}</c> named as the variable; without one, the variable as the last argument of
    /// the command's last line, read as <c>{version}</c> written there would be (trailing blank lines dropped, so the
    /// version is never a command of its own; a backslash ending the line keeps the newline or blank it escapes, as sh
    /// reads it). Else why not, as the end of the error line: a <c>{version}</c> that would not be data
    /// (<see cref="PlaceholderRefusal"/>); without one, an end that takes no argument: a comment would swallow the version, after
    /// <c>;</c>, <c>&amp;</c>, <c>|</c> or <c>(</c> it would be run as a command, in a here-document it would be a line
    /// of its text (after the delimiter line, that line no longer ends it), after a lone <c>\</c> (which sh passes as
    /// the argument <c>\</c>) it would follow an escaped space, and in bash's arithmetic (<c>let n=1</c>) it would be evaluated.
    /// </summary>
    private static (string? Script, string? Refusal) Script(string template)
    {
        if (template.Contains(Placeholder, StringComparison.Ordinal))
        {
            var read = ShellPlaceholder.Read(template, Placeholder, VersionVariable);
            return read.Sites.Select(site => PlaceholderRefusal.Of(site)).FirstOrDefault(r => r is not null) is { } refusal ? (null, refusal) : (read.Script, null);
        }

        var trimmed = template.TrimEnd();
        if (ShellPlaceholder.Read(trimmed, Placeholder, VersionVariable).EscapesEnd)
        {
            if (trimmed.Length == template.Length)
            {
                return (null, $"has no {Placeholder} and ends in a lone '\\', which the shell passes as the argument '\\', and the version appended would follow it as ' VERSION' (an escaped space, then the version): remove the '\\' or write {Placeholder} where the version goes, e.g. './serve.sh {Placeholder}'");
            }

            // A line continuation (or an escaped blank): the version goes after what the backslash escapes.
            trimmed = template[..(trimmed.Length + 1)];
        }

        var end = ShellPlaceholder.Read(trimmed + " " + Placeholder, Placeholder, VersionVariable);
        if (end.OpenHereDocument is { } document)
        {
            return (null, $"has no {Placeholder} and ends in a here-document ({TextSafe.Line(document)}), where the version would be a line of its text, not an argument: write {Placeholder} where the version goes, e.g. './deploy.sh {Placeholder} <<EOF'");
        }

        if (end.Sites is [PlaceholderSite.RemoteCommand])
        {
            return (null, $"has no {Placeholder} and ends in ssh's remote command, which the remote shell parses as code: pass the version on standard input, e.g. 'printf \"%s\\n\" {Placeholder} | ssh host ./serve.sh'");
        }

        if (end.Sites is [PlaceholderSite.Option or PlaceholderSite.UnknownOption or PlaceholderSite.Parallel])
        {
            return (null, $"has no {Placeholder} and ends where the version appended would be a kubectl, gcloud, systemd-run, docker or podman option, follow an option Tollgate does not know, or be a word of a parallel command, where it could run as code: write {Placeholder} where the version goes, e.g. after the image, 'docker run --rm img ./serve.sh {Placeholder}'");
        }

        if (end.Sites is [PlaceholderSite.VariableName or PlaceholderSite.Code or PlaceholderSite.ArrayValue])
        {
            return (null, $"has no {Placeholder} and ends where the version would be a variable's name or shell code (unset, read, printf -v, declare, eval, sh -c, …), which bash would evaluate: write {Placeholder} where the version goes, e.g. './serve.sh {Placeholder}'");
        }

        if (end.Sites is [PlaceholderSite.Arithmetic or PlaceholderSite.Comparison or PlaceholderSite.Subscript or PlaceholderSite.IntegerVariable])
        {
            return (null, $"has no {Placeholder} and ends where bash would evaluate the version as arithmetic (let, declare -i, an array index): write {Placeholder} where the version goes, e.g. './serve.sh {Placeholder}'");
        }

        return trimmed.Length == 0 || trimmed[^1] is ';' or '&' or '|' or '(' || end.Sites is not [PlaceholderSite.Word]
            ? (null, $"has no {Placeholder} and ends where the version cannot be its last argument (in a comment, or after ';', '&', '|' or '('): write {Placeholder} where the version goes, e.g. './serve.sh {Placeholder}'")
            : (end.Script, null);
    }

    /// <summary>
    /// Runs the hook for <paramref name="version"/>, announced first on <paramref name="log"/> as <c>WHAT: COMMAND</c>
    /// (<c>rollback fraud: serve 1: TOLLGATE_MODEL_VERSION='1' ./serve.sh …</c>), as a drill announces each step, so the
    /// output lines that follow have the command they came from.
    /// </summary>
    public static async Task<CommandResult> RunAsync(string template, string version, ServedArtifact? artifact, string what, TimeSpan timeout, TextWriter log, string workingDirectory, CancellationToken cancellationToken)
    {
        var command = Command(template, version, artifact);
        await log.WriteLineAsync($"{what}: {TextSafe.Line(command.Shown)}");
        return await ShellCommand.RunAsync(command, timeout, log, workingDirectory, cancellationToken);
    }
}
