using Tollgate.Delivery.Running;
using Tollgate.Domain.Inputs;

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
    /// alone ("2: not found"): a drill would already have moved serving, and a failed hook would be recorded.
    /// </summary>
    public static string? Checked(string? template, string option) =>
        EmptyValue.Refuse(template, option, $"give the command that {(option == "--check" ? "checks" : "serves")} a version, e.g. './serve.sh {{version}}'");

    public static ShellScript Command(string template, string version) =>
        new(template.Contains(Placeholder, StringComparison.Ordinal)
            ? ShellPlaceholder.Substitute(template, Placeholder, VersionVariable)
            : template + " \"${" + VersionVariable + "}\"")
        {
            Variables = new Dictionary<string, string> { [VersionVariable] = version },
        };

    public static Task<CommandResult> RunAsync(string template, string version, TimeSpan timeout, TextWriter log, string workingDirectory, CancellationToken cancellationToken) =>
        ShellCommand.RunAsync(Command(template, version), timeout, log, workingDirectory, cancellationToken);
}
