using Tollgate.Domain.Policies;

namespace Tollgate.Domain.Rules;

/// <summary>
/// Every rule a build of Tollgate knows, gathered from the pillars' registrations in the host's composition root, plus
/// the two open families: <c>policy/&lt;name&gt;</c> (custom rules of tollgate.yaml) and <c>scanner/&lt;tool&gt;/&lt;id&gt;</c>
/// (imported results). A policy that names anything else names a typo, and loading refuses it.
/// </summary>
public sealed class RuleCatalog
{
    private readonly Dictionary<string, RuleInfo> _byId;

    public RuleCatalog(IEnumerable<RuleInfo> rules)
    {
        Rules = rules.ToList();
        _byId = new Dictionary<string, RuleInfo>(StringComparer.Ordinal);
        foreach (var rule in Rules)
        {
            if (!_byId.TryAdd(rule.Id, rule))
            {
                throw new ArgumentException($"rule id {rule.Id} is registered twice", nameof(rules));
            }
        }
    }

    /// <summary>The registered rules, in registration order (pillar by pillar).</summary>
    public IReadOnlyList<RuleInfo> Rules { get; }

    public RuleInfo? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>True for a registered id, a <c>policy/</c> or <c>scanner/</c> id, or a glob that could match one.</summary>
    public bool Accepts(string rule) =>
        _byId.ContainsKey(rule)
        || rule.StartsWith("policy/", StringComparison.Ordinal)
        || rule.StartsWith("scanner/", StringComparison.Ordinal)
        || (Glob.IsPattern(rule) && (Rules.Any(r => Glob.Matches(rule, r.Id)) || Glob.Matches(rule, "policy/x") || Glob.Matches(rule, "scanner/x/y")));

    /// <summary>
    /// The threshold keys a <c>rules:</c> entry may set besides <c>enabled</c> and <c>severity</c>: the rule's declared
    /// <see cref="RuleInfo.Thresholds"/>, or for a glob the union over every registered rule it matches (none for the
    /// open families).
    /// </summary>
    public IReadOnlyList<string> ThresholdsFor(string rule) =>
        Find(rule) is { } info ? info.Thresholds
        : Glob.IsPattern(rule) ? [.. Rules.Where(r => Glob.Matches(rule, r.Id)).SelectMany(r => r.Thresholds).Distinct().Order(StringComparer.Ordinal)]
        : [];

    /// <summary>
    /// The bound of a whole-number threshold key of <paramref name="rule"/> (<see cref="RuleInfo.WholeThresholds"/>), or
    /// null when the key needs only be a non-negative number; for a glob, the strictest bound among the rules it matches.
    /// </summary>
    public WholeThreshold? WholeThresholdFor(string rule, string key)
    {
        IEnumerable<RuleInfo> owners = Find(rule) is { } info ? [info] : Glob.IsPattern(rule) ? Rules.Where(r => Glob.Matches(rule, r.Id)) : [];
        return owners.SelectMany(r => r.WholeThresholds).Where(t => t.Key == key).MaxBy(t => t.Least);
    }

    /// <summary>One line for any rule id: the registered description, or what the open families are.</summary>
    public string Describe(string id) =>
        Find(id)?.Description
        ?? (id.StartsWith("policy/", StringComparison.Ordinal) ? "Custom policy rule " + id["policy/".Length..] + " (tollgate.yaml)"
            : id.StartsWith("scanner/", StringComparison.Ordinal) ? "Imported scanner result " + id["scanner/".Length..]
            : id);
}
