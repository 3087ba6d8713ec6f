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
/// <c>echo serving '{version}'</c> and <c>./serve.sh</c> all work. The version never enters the shell's text: one from
/// an MLflow server holding <c>$(…)</c>, backticks or quotes reaches the hook as it is, and nothing in it runs.
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
    /// command without <c>{version}</c> whose end takes no argument (<see cref="Script"/>), before anything moves.
    /// </summary>
    public static string? Checked(string? template, string option)
    {
        var given = EmptyValue.Refuse(template, option, $"give the command that {(option == "--check" ? "checks" : "serves")} a version, e.g. './serve.sh {{version}}'");
        if (given is not null && Script(given) is null)
        {
            throw new InvalidInputException(
                $"{option} '{TextSafe.Line(given)}' has no {Placeholder} and ends where the version cannot be its last argument (in a comment, or after ';', '&', '|' or '('): write {Placeholder} where the version goes, e.g. './serve.sh {Placeholder}'");
        }

        return given;
    }

    public static ShellScript Command(string template, string version) =>
        new(Script(template) ?? throw new InvalidInputException($"'{TextSafe.Line(template)}' has no {Placeholder} and no last argument for it"))
        {
            Variables = new Dictionary<string, string> { [VersionVariable] = version },
        };

    /// <summary>
    /// The shell text: every <c>{version}</c> named as the variable; without one, the variable as the last argument of
    /// the command's last line, read as <c>{version}</c> written there would be (trailing blank lines dropped, so the
    /// version is never a command of its own). Null when that end takes no argument: a comment would swallow the
    /// version, and after <c>;</c>, <c>&amp;</c>, <c>|</c> or <c>(</c> the version would be run as a command.
    /// </summary>
    private static string? Script(string template)
    {
        if (template.Contains(Placeholder, StringComparison.Ordinal))
        {
            return ShellPlaceholder.Substitute(template, Placeholder, VersionVariable);
        }

        var trimmed = template.TrimEnd();
        var script = ShellPlaceholder.Substitute(trimmed + " " + Placeholder, Placeholder, VersionVariable);
        return trimmed.Length == 0 || trimmed[^1] is ';' or '&' or '|' or '(' || !script.Contains("${" + VersionVariable + "}", StringComparison.Ordinal)
            ? null
            : script;
    }

    public static Task<CommandResult> RunAsync(string template, string version, TimeSpan timeout, TextWriter log, string workingDirectory, CancellationToken cancellationToken) =>
        ShellCommand.RunAsync(Command(template, version), timeout, log, workingDirectory, cancellationToken);
}
