using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;

namespace Tollgate.Domain.Policies;

/// <summary>
/// What a team decided about its gate (<c>tollgate.yaml</c>): the severity that fails, what needs a human and how
/// many, rule settings, exceptions with expiry, and custom rules. Pure data; loading and validation live elsewhere.
/// </summary>
public sealed record Policy
{
    /// <summary>The defaults a user without a policy file gets (and <c>tollgate policy init</c> prints).</summary>
    public static Policy Default { get; } = new();

    /// <summary>The lowest severity that fails the gate, for findings that are not review findings.</summary>
    public Severity FailOn { get; init; } = Severity.High;

    /// <summary>Actions (<c>destroy</c>, <c>replace</c>, <c>forget</c>) or rule-id globs whose findings need a human.</summary>
    public IReadOnlyList<string> ReviewOn { get; init; } = ["destroy", "replace", "forget"];

    public int RequireApprovals { get; init; } = 1;

    public IReadOnlyList<ApproverRule> Approvers { get; init; } = [];

    public IReadOnlyDictionary<string, RuleSettings> Rules { get; init; } = new Dictionary<string, RuleSettings>(StringComparer.Ordinal);

    public IReadOnlyList<PolicyException> Exceptions { get; init; } = [];

    public IReadOnlyList<CustomRule> Custom { get; init; } = [];

    /// <summary>Where the policy came from: a file path, or "defaults".</summary>
    public string Source { get; init; } = "defaults";

    /// <summary>The settings for a rule id: an exact key first, else the last glob key that matches.</summary>
    public RuleSettings? SettingsFor(string rule)
    {
        if (Rules.TryGetValue(rule, out var exact))
        {
            return exact;
        }

        if (Rules.Count == 0)
        {
            return null;
        }

        RuleSettings? last = null;
        foreach (var (key, settings) in Rules)
        {
            if (Glob.IsPattern(key) && Glob.Matches(key, rule))
            {
                last = settings;
            }
        }

        return last;
    }

    public bool IsEnabled(string rule) => SettingsFor(rule)?.Enabled ?? true;

    /// <summary>
    /// A rule's numeric threshold from <c>rules:</c>, or <paramref name="fallback"/> when the policy sets none. The key
    /// must be one the rule declares in <see cref="RuleInfo.Thresholds"/> (what the loader accepts); any other is a bug.
    /// </summary>
    public double Threshold(RuleInfo rule, string key, double fallback)
    {
        if (!rule.Thresholds.Contains(key))
        {
            throw new InvalidOperationException($"rule {rule.Id} reads threshold '{key}' that its RuleInfo.Thresholds does not declare");
        }

        return SettingsFor(rule.Id)?.Thresholds.TryGetValue(key, out var value) == true ? value : fallback;
    }

    /// <summary>
    /// This policy as the gate of a report kind applies it: the rules whose <see cref="RuleInfo.ReviewedIn"/> is
    /// <paramref name="kind"/> join <c>reviewOn</c> (a state split's findings are the question it asks).
    /// </summary>
    public Policy For(string kind, IEnumerable<RuleInfo> rules)
    {
        List<string> asked = [.. rules.Where(r => r.ReviewedIn == kind && !ReviewOn.Contains(r.Id)).Select(r => r.Id)];
        return asked.Count == 0 ? this : this with { ReviewOn = [.. ReviewOn, .. asked] };
    }

    /// <summary>True when findings of this rule need a human review rather than failing on severity.</summary>
    public bool NeedsReview(string rule)
    {
        // A loop, not a lambda: asked several times per finding, and a plan can have hundreds of thousands.
        foreach (var entry in ReviewOn)
        {
            if (ReviewActions.RulesOf(entry) is { } rules ? rules.Contains(rule) : Glob.Matches(entry, rule))
            {
                return true;
            }
        }

        return false;
    }
}
