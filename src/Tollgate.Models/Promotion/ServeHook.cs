using Tollgate.Delivery.Running;
using Tollgate.Domain.Inputs;

namespace Tollgate.Models.Promotion;

/// <summary>
/// The user's command that makes the serving layer serve a version (<c>--exec CMD</c>): run through <c>/bin/sh -c</c>
/// with a time limit, the version substituted where <c>{version}</c> stands, else appended as the last argument
/// (single-quoted), so <c>kubectl set image … model=reg/fraud:{version}</c> and <c>./serve.sh</c> both work.
/// </summary>
public static class ServeHook
{
    /// <summary>
    /// <paramref name="template"/> as given, or null when the option was left out; one line and exit 3 for an empty or
    /// blank command (<c>--exec "$SERVE"</c> with the variable unset), which <c>/bin/sh</c> would run as the version
    /// alone ("2: not found"): a drill would already have moved serving, and a failed hook would be recorded.
    /// </summary>
    public static string? Checked(string? template, string option) =>
        EmptyValue.Refuse(template, option, $"give the command that {(option == "--check" ? "checks" : "serves")} a version, e.g. './serve.sh {{version}}'");

    public static string Command(string template, string version)
    {
        var quoted = "'" + version.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        return template.Contains("{version}", StringComparison.Ordinal)
            ? template.Replace("{version}", quoted, StringComparison.Ordinal)
            : template + " " + quoted;
    }

    public static Task<CommandResult> RunAsync(string template, string version, TimeSpan timeout, TextWriter log, string workingDirectory, CancellationToken cancellationToken) =>
        ShellCommand.RunAsync(Command(template, version), timeout, log, workingDirectory, cancellationToken);
}
