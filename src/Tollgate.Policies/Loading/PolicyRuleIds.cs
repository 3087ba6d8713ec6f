using Tollgate.Domain.Policies;
using Tollgate.Domain.Rules;
using Tollgate.Yaml;

namespace Tollgate.Policies.Loading;

/// <summary>
/// The rule ids one policy file may name in <c>rules:</c>, <c>reviewOn</c> and <c>exceptions</c>: the build's
/// registered rules and the <c>scanner/…</c> family (<see cref="RuleCatalog"/>), and of the <c>policy/…</c> family only
/// the custom rules the same file defines, since nothing else reports under it; a glob (<c>policy/*</c>) is accepted as
/// the catalog accepts it. So <c>policy/no-db-delet</c> beside a custom rule <c>no-db-delete</c> is a typo, not a rule.
/// </summary>
internal sealed class PolicyRuleIds(RuleCatalog catalog, IReadOnlyCollection<string> customNames)
{
    private const string Family = "policy/";

    public RuleCatalog Catalog => catalog;

    public bool Accepts(string rule) =>
        catalog.Accepts(rule)
        && (!rule.StartsWith(Family, StringComparison.Ordinal) || Glob.IsPattern(rule) || customNames.Contains(rule[Family.Length..]));

    /// <summary>
    /// What follows "unknown rule 'X'": <c>; did you mean 'policy/no-db-delete'?</c> for a near miss of a registered id
    /// or of one of the file's custom rules, else what a <c>policy/</c> id may name, or the first registered ids.
    /// </summary>
    public string Hint(string rule)
    {
        var custom = customNames.Select(n => Family + n).ToList();
        if (KeySuggestion.For(rule, catalog.Rules.Select(r => r.Id).Concat(custom)) is { } near)
        {
            return $"; did you mean '{near}'?";
        }

        if (!rule.StartsWith(Family, StringComparison.Ordinal) && KeySuggestion.For(rule, customNames) is { } name)
        {
            return $"; did you mean '{Family}{name}'?";
        }

        if (rule.StartsWith(Family, StringComparison.Ordinal))
        {
            return custom.Count == 0
                ? " (policy/<name> names a custom rule of this file, and it has none)"
                : $" (the custom rules of this file: {string.Join(", ", custom)})";
        }

        return $" (known: {string.Join(", ", catalog.Rules.Take(13).Select(r => r.Id))}, ..., policy/<name>, scanner/<tool>/<id>)";
    }
}
