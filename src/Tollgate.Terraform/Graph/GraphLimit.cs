using System.Globalization;
using Tollgate.Domain;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Rules;
using Tollgate.Terraform.GraphRules;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// One graph limit, however it is set: a command-line option (<c>--fan-out 50</c>) or its key in the policy's
/// <c>rules:</c> (<c>fan-out: { threshold: 50 }</c>). Both accept the same values, a whole number of at least
/// <see cref="Least"/> as the rule declares it (<see cref="RuleInfo.WholeThresholds"/>, which the policy loader checks at
/// the key's line), and refuse anything else in the same words (exit 3): a negative limit, a fraction, a number too
/// large to count, or a fan-out of 0 that makes every node with a dependent a hub would silently change what the gate
/// checks.
/// </summary>
public sealed record GraphLimit(string? Option, RuleInfo Rule, string Key)
{
    public static readonly GraphLimit FanOut = new("--fan-out", FanOutRule.Declared, "threshold");

    public static readonly GraphLimit MaxBlastRadius = new("--max-blast-radius", BlastRadiusRule.Declared, "maxDependents");

    public static readonly GraphLimit MaxChanged = new("--max-changed", BlastRadiusRule.Declared, "maxChanged");

    public static readonly GraphLimit MaxDestroyed = new("--max-destroyed", BlastRadiusRule.Declared, "maxDestroyed");

    /// <summary>Terraform's <c>-parallelism</c> for the apply-time estimate: the policy's only, no option.</summary>
    public static readonly GraphLimit Parallelism = new(null, BlastRadiusRule.Declared, "parallelism");

    /// <summary>The bound the rule declares for <see cref="Key"/>.</summary>
    public WholeThreshold Bound => Rule.WholeThresholds.Single(t => t.Key == Key);

    /// <summary>The least value accepted.</summary>
    public int Least => Bound.Least;

    /// <summary>Where the policy sets it: <c>rules.fan-out.threshold</c>.</summary>
    public string PolicyKey => $"rules.{Rule.Id}.{Key}";

    /// <summary>An option's value as typed, or null when it is not a whole number of at least <see cref="Least"/>.</summary>
    public int? Parse(string text) => Bound.Parse(text);

    /// <summary>"--fan-out 0 is not a whole number of 1 or more": <paramref name="name"/> the option or key, <paramref name="value"/> as given.</summary>
    public string Refusal(string name, string value) => Bound.Refusal(name, value);

    /// <summary>
    /// The policy's value, or null when it sets none; any other value is an error naming the policy file and the key,
    /// the way the option's is refused (a policy read from YAML was checked at load already; this holds one built in code).
    /// </summary>
    public int? From(Policy policy)
    {
        var value = policy.Threshold(Rule, Key, double.NaN);
        if (double.IsNaN(value))
        {
            return null;
        }

        return Bound.Accepts(value)
            ? (int)value
            : throw new InvalidInputException($"{policy.Source}: {Refusal(PolicyKey, value.ToString(CultureInfo.InvariantCulture))}");
    }
}
