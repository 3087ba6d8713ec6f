using System.Text.RegularExpressions;
using Tollgate.Cli.Hosting;
using Tollgate.Delivery;
using Tollgate.Domain;
using Tollgate.Domain.Policies;
using Tollgate.Policies.Loading;
using Tollgate.Terraform.Graph;
using Tollgate.Terraform.GraphRules;
using Tollgate.Testing;
using Tollgate.Yaml;

namespace Tollgate.Policies.Tests.Loading;

/// <summary>The keys of a <c>rules:</c> entry: a threshold nobody reads is a typo, refused at load.</summary>
public sealed partial class RuleKeyTests
{
    private static Policy Parse(string yaml, string source = "tollgate.yaml") => PolicyReader.Parse(yaml, source, Pillars.Vocabulary);

    private static string ErrorOf(string yaml) => Should.Throw<InvalidInputException>(() => Parse(yaml)).Message;

    [Fact]
    public void Parse_BlastRadiusTypo_RefusedWithLineKeyAcceptedKeysAndSuggestion()
    {
        var message = ErrorOf("failOn: high\nrules:\n  blast-radius: { maxDependent: 5 }\n");

        message.ShouldBe("tollgate.yaml:3:19: unknown key 'maxDependent' in rules.blast-radius (blast-radius accepts: enabled, severity, maxDependents, maxChanged, maxDestroyed, parallelism); did you mean 'maxDependents'?");
    }

    [Fact]
    public void Parse_FanOutTypo_SuggestsThreshold()
    {
        var message = ErrorOf("rules:\n  fan-out:\n    severity: low\n    treshold: 3\n");

        message.ShouldStartWith("tollgate.yaml:4:5: unknown key 'treshold' in rules.fan-out (fan-out accepts: enabled, severity, threshold)");
        message.ShouldEndWith("did you mean 'threshold'?");
    }

    [Fact]
    public void Parse_KeyFarFromAnyAccepted_RefusedWithoutSuggestion()
    {
        var message = ErrorOf("rules:\n  drill-stale: { maxAge: 14 }\n");

        message.ShouldBe("tollgate.yaml:2:18: unknown key 'maxAge' in rules.drill-stale (drill-stale accepts: enabled, severity, maxDrillAgeDays)");
    }

    [Theory]
    [InlineData("destroy: { threshold: 3 }", "destroy accepts: enabled, severity)")]
    [InlineData("destroy: { Severity: high }", "did you mean 'severity'?")]
    [InlineData("k8s/readiness-probe: { enable: false }", "did you mean 'enabled'?")]
    [InlineData("\"scanner/checkov/*\": { threshold: 3 }", "scanner/checkov/* accepts: enabled, severity)")]
    [InlineData("\"policy/*\": { threshold: 3 }", "policy/* accepts: enabled, severity)")]
    public void Parse_KeyTheRuleDoesNotRead_Refused(string entry, string expected)
    {
        var message = ErrorOf($"rules:\n  {entry}\n");

        message.ShouldStartWith("tollgate.yaml:2:");
        message.ShouldContain(expected);
    }

    [Fact]
    public void Parse_GlobRuleKey_AcceptsTheUnionOfWhatItMatches()
    {
        var policy = Parse("rules:\n  \"*\": { threshold: 50, maxDependents: 9, maxDrillAgeDays: 14, severity: low }\n");

        policy.Threshold(FanOutRule.Declared, "threshold", 0).ShouldBe(50);
        policy.Threshold(BlastRadiusRule.Declared, "maxDependents", 0).ShouldBe(9);
        policy.Threshold(DeliveryRules.DrillStale, "maxDrillAgeDays", 0).ShouldBe(14);
        ErrorOf("rules:\n  \"*\": { treshold: 50 }\n").ShouldContain("did you mean 'threshold'?");
        ErrorOf("rules:\n  \"fan-*\": { maxDependents: 9 }\n").ShouldContain("fan-* accepts: enabled, severity, threshold)");
    }

    [Fact]
    public void Parse_EveryDeclaredKeyOfEveryRule_Accepted()
    {
        var rules = Pillars.Rules.Rules;
        rules.SelectMany(r => r.Thresholds).ShouldBe(["threshold", "maxDependents", "maxChanged", "maxDestroyed", "parallelism", "maxDrillAgeDays"], ignoreOrder: true);

        foreach (var rule in rules)
        {
            var keys = string.Join(", ", rule.Thresholds.Select(k => $"{k}: 2").Prepend("enabled: true").Prepend("severity: low"));
            var policy = Parse($"rules:\n  \"{rule.Id}\": {{ {keys} }}\n");

            foreach (var key in rule.Thresholds)
            {
                policy.Threshold(rule, key, 0).ShouldBe(2, $"{rule.Id}.{key}");
            }
        }
    }

    [Fact]
    public void Threshold_KeyTheRuleDoesNotDeclare_IsABug()
    {
        Should.Throw<InvalidOperationException>(() => Policy.Default.Threshold(FanOutRule.Declared, "maxDependents", 0))
            .Message.ShouldContain("fan-out reads threshold 'maxDependents'");
    }

    [Fact]
    public void GraphLimits_EachReadsAKeyItsRuleDeclares()
    {
        var policy = Parse("rules:\n  fan-out: { threshold: 7 }\n  blast-radius: { maxDependents: 1, maxChanged: 2, maxDestroyed: 3, parallelism: 4 }\n");

        var limits = GraphThresholdsPolicy.From(policy);

        (limits.FanOut, limits.MaxBlastRadius, limits.MaxChanged, limits.MaxDestroyed, limits.Parallelism).ShouldBe((7, 1, 2, 3, 4));
    }

    /// <summary>A graph limit that counts is held at load to its command-line option's bound, in the option's words, at its line.</summary>
    [Theory]
    [InlineData("fan-out: { threshold: 0 }", "tollgate.yaml:2:25: rules.fan-out.threshold 0 is not a whole number of 1 or more")]
    [InlineData("blast-radius: { maxDependents: -3 }", "tollgate.yaml:2:34: rules.blast-radius.maxDependents -3 is not a whole number of 0 or more")]
    [InlineData("blast-radius: { parallelism: many }", "tollgate.yaml:2:32: rules.blast-radius.parallelism many is not a whole number of 1 or more")]
    [InlineData("\"*\": { threshold: 0 }", "tollgate.yaml:2:21: rules.*.threshold 0 is not a whole number of 1 or more")]
    public void Parse_CountTheOptionWouldRefuse_RefusedAtItsPositionInTheOptionsWords(string entry, string message)
    {
        ErrorOf($"rules:\n  {entry}\n").ShouldBe(message);
    }

    [Fact]
    public void Parse_OtherBounds_Unchanged()
    {
        Parse("rules:\n  blast-radius: { maxDependents: 0 }\n").Threshold(BlastRadiusRule.Declared, "maxDependents", 9).ShouldBe(0);
        ErrorOf("rules:\n  drill-stale: { maxDrillAgeDays: -1 }\n").ShouldBe("tollgate.yaml:2:35: rules.drill-stale.maxDrillAgeDays (a threshold) must be a non-negative number; got '-1'");
        GraphLimit.FanOut.Bound.ShouldBe(FanOutRule.Declared.WholeThresholds.ShouldHaveSingleItem());
    }

    [Fact]
    public void Parse_ExamplePolicies_AllLoad()
    {
        var files = Directory.GetFiles(Repository.File("examples", "policy"), "*.yaml");

        files.Length.ShouldBeGreaterThanOrEqualTo(6);
        foreach (var file in files)
        {
            Should.NotThrow(() => Parse(File.ReadAllText(file), file), file);
        }
    }

    [Fact]
    public void Parse_DocumentedPolicies_AllLoad()
    {
        var blocks = new[] { "README.md", "docs/policy.md", "docs/graph.md", "docs/deploys.md" }
            .SelectMany(doc => YamlBlock().Matches(File.ReadAllText(Repository.File(doc))).Select(m => (doc, yaml: m.Groups[1].Value)))
            .Where(b => RulesLine().IsMatch(b.yaml))
            .ToList();

        blocks.Count.ShouldBeGreaterThanOrEqualTo(3);
        foreach (var (doc, yaml) in blocks)
        {
            Should.NotThrow(() => Parse(yaml, doc), doc + ":\n" + yaml);
        }
    }

    [Theory]
    [InlineData("threshold", "threshold", 0)]
    [InlineData("treshold", "threshold", 1)]
    [InlineData("maxDependent", "maxDependents", 1)]
    [InlineData("maxDepnedents", "maxDependents", 1)]
    [InlineData("maxdestryd", "maxDestroyed", 2)]
    [InlineData("parallelism", "severity", 9)]
    public void Distance_KnownPairs(string a, string b, int expected) =>
        KeySuggestion.Distance(a.ToLowerInvariant(), b.ToLowerInvariant()).ShouldBe(expected);

    [GeneratedRegex("```ya?ml\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    [GeneratedRegex("^rules:", RegexOptions.Multiline)]
    private static partial Regex RulesLine();
}
