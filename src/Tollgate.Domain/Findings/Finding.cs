namespace Tollgate.Domain.Findings;

/// <summary>
/// One thing a rule noticed about a change. <see cref="Evidence"/> holds plain values (strings, numbers, booleans,
/// lists of those) that explain the finding; it never holds a value the input marked sensitive.
/// </summary>
public sealed record Finding(
    string Rule,
    Severity Severity,
    string Address,
    string Message)
{
    public string? Suggestion { get; init; }

    public IReadOnlyList<string> Related { get; init; } = [];

    public IReadOnlyDictionary<string, object?> Evidence { get; init; } = System.Collections.ObjectModel.ReadOnlyDictionary<string, object?>.Empty;

    /// <summary>The module the address lives in ("" for the root module), used to group findings for people.</summary>
    public string Module { get; init; } = "";

    /// <summary>
    /// True when the severity states how a check came out rather than how much the rule weighs when it fires (a canary
    /// check within its bounds, or over them but not significantly): a policy's severity override, which sets the
    /// weight, leaves it as it is, so raising <c>slo</c> to critical never fails the checks that passed.
    /// </summary>
    public bool KeepsSeverity { get; init; }

    /// <summary>Set when a policy exception (or the scanner) suppresses this finding: it is reported but does not count.</summary>
    public Suppression? Suppression { get; init; }

    /// <summary>Where the address is declared, when the input says (a Terraform directory's HCL does).</summary>
    public SourceLocation? Location { get; init; }
}
