using Tollgate.Domain;
using Tollgate.Domain.Policies;
using Tollgate.Terraform.Graph;

namespace Tollgate.Terraform.Tests.Graph;

/// <summary>
/// The graph limits a policy sets are checked as their command-line options are (<see cref="GraphLimit"/>): a value
/// the option refuses is refused from the policy too, in the same words, naming the policy file and the key.
/// </summary>
public sealed class GraphThresholdsPolicyTests
{
    [Fact]
    public void From_WholeNumbers_AreTheLimits()
    {
        var thresholds = GraphThresholdsPolicy.From(Policy("fan-out", ("threshold", 3), "blast-radius", ("maxDependents", 0), ("maxChanged", 40), ("maxDestroyed", 5), ("parallelism", 4)));

        thresholds.ShouldBe(new GraphThresholds { FanOut = 3, MaxBlastRadius = 0, MaxChanged = 40, MaxDestroyed = 5, Parallelism = 4 });
    }

    [Fact]
    public void From_NothingSet_IsTheDefaults()
    {
        GraphThresholdsPolicy.From(Domain.Policies.Policy.Default).ShouldBe(new GraphThresholds());
    }

    [Theory]
    [InlineData("fan-out", "threshold", 0, "rules.fan-out.threshold 0 is not a whole number of 1 or more")]
    [InlineData("fan-out", "threshold", 2.5, "rules.fan-out.threshold 2.5 is not a whole number of 1 or more")]
    [InlineData("fan-out", "threshold", -5, "rules.fan-out.threshold -5 is not a whole number of 1 or more")]
    [InlineData("blast-radius", "maxDependents", -1, "rules.blast-radius.maxDependents -1 is not a whole number of 0 or more")]
    [InlineData("blast-radius", "maxChanged", 1e12, "rules.blast-radius.maxChanged 1000000000000 is too large: the largest accepted is 2147483647")]
    [InlineData("blast-radius", "maxDestroyed", 0.5, "rules.blast-radius.maxDestroyed 0.5 is not a whole number of 0 or more")]
    [InlineData("blast-radius", "parallelism", 0, "rules.blast-radius.parallelism 0 is not a whole number of 1 or more")]
    public void From_ValueTheOptionWouldRefuse_NamesThePolicyFileAndKey(string rule, string key, double value, string message)
    {
        var error = Should.Throw<InvalidInputException>(() => GraphThresholdsPolicy.From(Policy(rule, (key, value))));

        error.Message.ShouldBe($"policy.yaml: {message}");
    }

    [Fact]
    public void Refusal_OptionAndPolicyKey_SameWords()
    {
        GraphLimit.FanOut.Parse("0").ShouldBeNull();
        GraphLimit.FanOut.Parse("7").ShouldBe(7);
        GraphLimit.FanOut.Refusal(GraphLimit.FanOut.Option!, "0").ShouldBe("--fan-out 0 is not a whole number of 1 or more");
        GraphLimit.FanOut.Refusal(GraphLimit.FanOut.PolicyKey, "0").ShouldBe("rules.fan-out.threshold 0 is not a whole number of 1 or more");
    }

    private static Policy Policy(string rule, params (string Key, double Value)[] thresholds) =>
        Domain.Policies.Policy.Default with
        {
            Source = "policy.yaml",
            Rules = new Dictionary<string, RuleSettings>(StringComparer.Ordinal) { [rule] = Settings(thresholds) },
        };

    private static Policy Policy(string rule, (string Key, double Value) threshold, string other, params (string Key, double Value)[] thresholds) =>
        Domain.Policies.Policy.Default with
        {
            Source = "policy.yaml",
            Rules = new Dictionary<string, RuleSettings>(StringComparer.Ordinal) { [rule] = Settings([threshold]), [other] = Settings(thresholds) },
        };

    private static RuleSettings Settings((string Key, double Value)[] thresholds) =>
        new() { Thresholds = thresholds.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal) };
}
