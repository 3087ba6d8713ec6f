using Tollgate.Domain.Reports;

namespace Tollgate.Domain.Delivery;

/// <summary>
/// The wire names of intents and results, as the CLI, the events and the ledger spell them; and the rule for the names
/// a command records (<see cref="Recordable"/>).
/// </summary>
public static class DeliveryNames
{
    /// <summary>
    /// What is wrong with <paramref name="name"/> as a service or environment name (<paramref name="keyPart"/>) or a
    /// version that <c>deploy start|run</c> and <c>drill record|run</c> record, else null. A control character (a
    /// newline, an escape, a tab, a bidi control) is refused: a name is printed on one line and typed on a command
    /// line, and such a name can be neither (the outputs show it escaped, as <c>\u001b</c>, which nobody types back).
    /// A '/' is refused in a service or environment name: a deploy's key is <c>SERVICE/ENV/VERSION@TIME</c>, so
    /// <c>a/b</c> in <c>c</c> and <c>a</c> in <c>b/c</c> would be one key, the second deploy "already recorded". A
    /// version may hold '/' (<c>release/1.2</c>): it is the key's last part before the time. Spaces are allowed:
    /// nothing reads a name by splitting it on them.
    /// </summary>
    public static string? Recordable(string name, bool keyPart)
    {
        var control = name.AsSpan().IndexOfAny(TextSafe.Unsafe);
        return control >= 0
            ? $"has a control character ({TextSafe.Line(name[control].ToString())}): a name is printed on one line and typed on a command line, so control characters are not allowed"
            : keyPart && name.Contains('/', StringComparison.Ordinal)
                ? "has a '/': a deploy's key is SERVICE/ENV/VERSION@TIME, so a '/' in a service or environment name could make two deploys one key; use '-' or '.' instead"
                : null;
    }

    /// <summary><paramref name="value"/> as given, or bad input naming <paramref name="option"/> and what is wrong (<see cref="Recordable"/>).</summary>
    public static string Checked(string value, string option, bool keyPart) =>
        Recordable(value, keyPart) is { } why ? throw new InvalidInputException($"{option} '{TextSafe.Line(value)}' {why}") : value;

    public static string WireName(this DeployIntent intent) => intent switch
    {
        DeployIntent.Planned => "planned",
        DeployIntent.Hotfix => "hotfix",
        DeployIntent.Rollback => "rollback",
        _ => throw new ArgumentOutOfRangeException(nameof(intent), intent, null),
    };

    public static string WireName(this DeployResult result) => result switch
    {
        DeployResult.Running => "running",
        DeployResult.Success => "success",
        DeployResult.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, null),
    };

    public static string WireName(this DeployWatch watch) => watch switch
    {
        DeployWatch.None => "none",
        DeployWatch.Watching => "watching",
        DeployWatch.Held => "held",
        DeployWatch.Passed => "passed",
        DeployWatch.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(watch), watch, null),
    };

    /// <summary>A watch as the ledger stores it (<see cref="WireName(DeployWatch)"/>; NULL, in a row recorded before watches were, is none).</summary>
    public static DeployWatch ParseWatch(string? text) => text switch
    {
        null or "none" => DeployWatch.None,
        "watching" => DeployWatch.Watching,
        "held" => DeployWatch.Held,
        "passed" => DeployWatch.Passed,
        "failed" => DeployWatch.Failed,
        _ => throw new InvalidDataException($"unknown deploy watch '{text}' in the ledger"),
    };

    public static DeployIntent ParseIntent(string text) => text.Trim().ToLowerInvariant() switch
    {
        "planned" => DeployIntent.Planned,
        "hotfix" => DeployIntent.Hotfix,
        "rollback" => DeployIntent.Rollback,
        _ => throw new InvalidInputException($"unknown deploy intent '{text}': expected planned, hotfix or rollback"),
    };

    public static DeployResult ParseResult(string text) => text.Trim().ToLowerInvariant() switch
    {
        "running" => DeployResult.Running,
        "success" => DeployResult.Success,
        "failed" => DeployResult.Failed,
        _ => throw new InvalidInputException($"unknown deploy result '{text}': expected success or failed"),
    };
}
