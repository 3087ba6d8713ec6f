using Tollgate.Delivery.Running;

namespace Tollgate.Models.Promotion;

/// <summary>
/// The user's command that makes the serving layer serve a version (<c>--exec CMD</c>): run through <c>/bin/sh -c</c>
/// with a time limit, the version substituted where <c>{version}</c> stands, else appended as the last argument
/// (single-quoted), so <c>kubectl set image … model=reg/fraud:{version}</c> and <c>./serve.sh</c> both work.
/// </summary>
public static class ServeHook
{
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
