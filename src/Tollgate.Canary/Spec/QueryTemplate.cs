using System.Text.RegularExpressions;

namespace Tollgate.Canary.Spec;

/// <summary>
/// A PromQL template with the placeholders <c>{{selector}}</c> (the group's label matchers) and <c>{{interval}}</c>
/// (one evaluation step as a Prometheus duration). <see cref="Line"/> is where it is in the spec file.
/// </summary>
public sealed partial record QueryTemplate(string Text, int Line)
{
    public static readonly IReadOnlyList<string> Placeholders = ["selector", "interval"];

    /// <summary>The placeholder names used, in order of appearance; unknown names are returned too, for validation.</summary>
    public IEnumerable<string> PlaceholderNames() => Placeholder().Matches(Text).Select(m => m.Groups[1].Value);

    /// <summary>True when braces <c>{{</c>/<c>}}</c> are left over that are not well-formed placeholders.</summary>
    public bool HasMalformedPlaceholder()
    {
        var stripped = Placeholder().Replace(Text, "");
        return stripped.Contains("{{", StringComparison.Ordinal) || stripped.Contains("}}", StringComparison.Ordinal);
    }

    /// <summary>The labels of the outermost <c>by (…)</c> clauses, or null when the query aggregates no labels by name.</summary>
    public IReadOnlySet<string>? GroupedBy()
    {
        var matches = By().Matches(Text);
        if (matches.Count == 0)
        {
            return null;
        }

        return matches.SelectMany(m => m.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.Ordinal);
    }

    public string Render(string selector, TimeSpan interval) =>
        Placeholder().Replace(Text, m => m.Groups[1].Value == "selector" ? selector : PromDuration.Format(interval));

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\bby\s*\(([^)]*)\)")]
    private static partial Regex By();
}
