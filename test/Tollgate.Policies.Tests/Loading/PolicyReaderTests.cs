using Tollgate.Cli.Hosting;
using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Policies;
using Tollgate.Policies.Loading;

namespace Tollgate.Policies.Tests.Loading;

public sealed class PolicyReaderTests
{
    private static string ErrorOf(string yaml) => Should.Throw<InvalidInputException>(() => PolicyReader.Parse(yaml, "tollgate.yaml", Pillars.Vocabulary)).Message;

    [Fact]
    public void Parse_IssueExample_ReadsEveryField()
    {
        var policy = PolicyReader.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", "tollgate.yaml")), "tollgate.yaml", Pillars.Vocabulary);

        policy.FailOn.ShouldBe(Severity.High);
        policy.ReviewOn.ShouldBe(["destroy", "replace", "forget"]);
        policy.Threshold(Tollgate.Terraform.GraphRules.FanOutRule.Declared, "threshold", 0).ShouldBe(100);
        policy.Threshold(Tollgate.Terraform.GraphRules.BlastRadiusRule.Declared, "maxDependents", 0).ShouldBe(500);
        policy.SettingsFor("sensitive-change")!.Severity.ShouldBe(Severity.Medium);
        policy.Exceptions.Single().ShouldBe(new PolicyException("destroy", "terraform_data.legacy_*", "decommissioning, ticket OPS-12", "platform-team", new DateOnly(2027, 1, 31)) { Line = 15 });
        policy.Approvers.Single().Allowed.ShouldBe(["alice", "bob"]);
        policy.Custom.Select(c => c.RuleId).ShouldBe(["policy/no-db-delete", "policy/owner-tag", "policy/max-changes"]);
        policy.Custom[2].Scope.ShouldBe(CustomRuleScope.Plan);
    }

    [Theory]
    [InlineData("no-db-delete.yaml", "policy/no-db-delete")]
    [InlineData("owner-tag.yaml", "policy/owner-tag")]
    [InlineData("max-changes.yaml", "policy/max-changes")]
    public void Parse_Examples_EachDefinesItsRule(string file, string rule)
    {
        var policy = PolicyReader.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", file)), file, Pillars.Vocabulary);

        policy.Custom.Single().RuleId.ShouldBe(rule);
    }

    [Fact]
    public void Parse_DefaultText_BehavesLikeTheDefaults()
    {
        var policy = PolicyReader.Parse(DefaultPolicyText.Yaml, "defaults", Pillars.Vocabulary);

        policy.FailOn.ShouldBe(Policy.Default.FailOn);
        policy.ReviewOn.ShouldBe(Policy.Default.ReviewOn);
        policy.RequireApprovals.ShouldBe(Policy.Default.RequireApprovals);
        policy.Exceptions.ShouldBeEmpty();
        policy.Custom.ShouldBeEmpty();
        policy.SettingsFor("destroy")!.Severity.ShouldBe(Severity.High);
        policy.SettingsFor("sensitive-change")!.Severity.ShouldBe(Severity.Low);
    }

    [Fact]
    public void Parse_UnknownKey_GivesLineAndColumn()
    {
        var message = ErrorOf("failOn: high\nreviewOn: [destroy]\nfailon: low\n");

        message.ShouldBe("tollgate.yaml:3:1: unknown key 'failon' in the policy; did you mean 'failOn'?");
    }

    [Fact]
    public void Parse_BadSeverityInRules_GivesItsLine()
    {
        var message = ErrorOf("rules:\n  destroy:\n    severity: urgent\n");

        message.ShouldStartWith("tollgate.yaml:3:15:");
        message.ShouldContain("critical, high, medium, low");
    }

    [Theory]
    [InlineData("rules:\n  destory: { enabled: false }\n", "tollgate.yaml:2:3: unknown rule 'destory' in rules; did you mean 'destroy'?")]
    [InlineData("rules:\n  replase: { enabled: false }\n", "tollgate.yaml:2:3: unknown rule 'replase' in rules; did you mean 'replace'?")]
    [InlineData("exceptions:\n  - rule: destory\n    address: \"x.*\"\n    reason: r\n    owner: o\n    expires: 2027-01-31\n", "tollgate.yaml:2:11: exception for unknown rule 'destory'; did you mean 'destroy'?")]
    public void Parse_TypoInRuleId_IsRefusedWithTheNearestRule(string yaml, string expected)
    {
        ErrorOf(yaml).ShouldBe(expected);
    }

    [Theory]
    [InlineData("rules:\n  destroy: { enabled: Y }\n", "tollgate.yaml:2:23: rules.destroy.enabled must be true or false; got 'Y'")]
    [InlineData("failOn: URGENT\n", "tollgate.yaml:1:9: failOn must be one of critical, high, medium, low; got 'URGENT'")]
    [InlineData("b: &b { enabled: true }\n", "tollgate.yaml:1:1: unknown key 'b' in the policy (expected one of: failOn, reviewOn, requireApprovals, approvers, rules, exceptions, custom)")]
    [InlineData("rules:\n  destroy: { <<: {severity: low}, enabled: false }\n", "tollgate.yaml:2:14: a merge key (<<) in rules.destroy: a policy does not read merge keys; write the keys out (anchors and aliases of whole values work)")]
    public void Parse_BadValue_QuotesItAsWritten(string yaml, string expected)
    {
        ErrorOf(yaml).ShouldBe(expected);
    }

    [Theory]
    [InlineData("rules:\n  destroy: { enabled: \"no\" }\n", "tollgate.yaml:2:23: rules.destroy.enabled must be true or false; got the string \"no\" (quoted): write it without quotes")]
    [InlineData("rules:\n  destroy: { enabled: 'false' }\n", "tollgate.yaml:2:23: rules.destroy.enabled must be true or false; got the string \"false\" (quoted): write it without quotes")]
    [InlineData("requireApprovals: \"2\"\n", "tollgate.yaml:1:19: requireApprovals must be a whole number from 0 to 100; got the string \"2\" (quoted): write it without quotes")]
    public void Parse_QuotedBooleanOrNumber_RefusedAsAString(string yaml, string expected)
    {
        ErrorOf(yaml).ShouldBe(expected);
    }

    [Fact]
    public void Parse_TaggedQuotedBooleanAndNumber_ReadAsTheirTag()
    {
        var policy = PolicyReader.Parse("requireApprovals: !!int \"2\"\nrules:\n  destroy: { enabled: !!bool 'false' }\n", "tollgate.yaml", Pillars.Vocabulary);

        policy.RequireApprovals.ShouldBe(2);
        policy.SettingsFor("destroy")!.Enabled.ShouldBe(false);
    }

    [Theory]
    [InlineData("rules:\n  destroy: { enabled: !!str false }\n", "tollgate.yaml:2:23: rules.destroy.enabled must be true or false; got the string \"false\" (tagged !!str): drop the tag and the quotes")]
    [InlineData("requireApprovals: !!str 2\n", "tollgate.yaml:1:19: requireApprovals must be a whole number from 0 to 100; got the string \"2\" (tagged !!str): drop the tag and the quotes")]
    [InlineData("requireApprovals: ! 2\n", "tollgate.yaml:1:19: requireApprovals must be a whole number from 0 to 100; got the string \"2\" (tagged !): drop the tag and the quotes")]
    [InlineData("requireApprovals: !!bool 2\n", "tollgate.yaml:1:19: requireApprovals must be a whole number from 0 to 100; got a !!bool value: drop the !!bool tag")]
    public void Parse_StrTaggedPlainBooleanOrNumber_RefusedAsAString(string yaml, string expected)
    {
        ErrorOf(yaml).ShouldBe(expected);
    }

    [Fact]
    public void Parse_UnknownRuleNothingNear_ListsTheKnownRules()
    {
        var message = ErrorOf("rules:\n  teardown: { enabled: false }\n");

        message.ShouldStartWith("tollgate.yaml:2:3: unknown rule 'teardown' in rules (known: destroy, replace");
        message.ShouldNotContain("did you mean");
    }

    [Fact]
    public void Parse_ExceptionWithoutExpiry_IsRefused()
    {
        var message = ErrorOf("exceptions:\n  - rule: destroy\n    address: \"x.*\"\n    reason: r\n    owner: o\n");

        message.ShouldStartWith("tollgate.yaml:2:5:");
        message.ShouldContain("missing expires");
    }

    [Fact]
    public void Parse_BadDate_IsRefused()
    {
        ErrorOf("exceptions:\n  - rule: destroy\n    address: a\n    reason: r\n    owner: o\n    expires: 31/01/2027\n")
            .ShouldStartWith("tollgate.yaml:6:14: exception expires must be a date");
    }

    [Fact]
    public void Parse_CustomRuleThatDoesNotParse_GivesTheWhenLine()
    {
        var message = ErrorOf("custom:\n  - name: broken\n    severity: high\n    when: 'change.type =='\n");

        message.ShouldStartWith("tollgate.yaml:4:11: custom rule 'broken': when does not parse");
    }

    [Fact]
    public void Parse_CustomRuleWithUnknownFunction_IsCaughtAtLoad()
    {
        ErrorOf("custom:\n  - name: typo\n    severity: high\n    when: 'change.type.startswith(\"db\")'\n")
            .ShouldStartWith("tollgate.yaml:4:11: custom rule 'typo': when");
    }

    [Fact]
    public void Parse_CustomRuleWithMisspelledVariable_IsCaughtAtLoad()
    {
        ErrorOf("custom:\n  - name: typo\n    severity: high\n    when: 'chnage.type == \"x\"'\n")
            .ShouldBe("tollgate.yaml:4:11: custom rule 'typo': when names 'chnage', which is not a variable here (this rule sees: plan, change); did you mean 'change'?");
    }

    [Fact]
    public void Parse_CustomRuleReadingAFieldAChangeDoesNotHave_IsCaughtAtLoad()
    {
        ErrorOf("custom:\n  - name: typo\n    severity: high\n    when: 'change.typo == \"x\"'\n")
            .ShouldBe("tollgate.yaml:4:11: custom rule 'typo': when reads change.typo, which change does not have "
                + "(change has: address, type, name, module, mode, provider, actions, reason, before, after, tags); did you mean 'type'?");
    }

    /// <summary>The same broken texts as the canary spec's and the manifests' tests: the three loaders word them alike.</summary>
    [Theory]
    [InlineData("metadata:\n  name: web\n  app: x: y\n", "3:9: not valid YAML: While scanning a plain scalar value, found invalid mapping")]
    [InlineData("metadata:\n  labels: {app: web\n", "3:1: not valid YAML: While parsing a flow mapping, did not find expected ',' or '}'")]
    [InlineData("metadata:\n  name: 'web\n", "2:9: not valid YAML: While scanning a quoted scalar, found unexpected end of stream")]
    public void Parse_InvalidYaml_OneLineNamingFileLineAndColumn(string yaml, string message)
    {
        ErrorOf(yaml).ShouldBe($"tollgate.yaml:{message}");
    }

    /// <summary>
    /// A tab indenting the line a plain scalar continues on: before, the parser's "found a tab character that violate
    /// indentation" at the scalar's start (a line above the tab).
    /// </summary>
    [Theory]
    [InlineData("failOn: high\nreviewOn:\n  - destroy\n\t- replace\n", "4:1")]
    [InlineData("exceptions:\n  - rule: destroy\n    reason: decommissioning\n\t  ticket OPS-12\n", "4:1")]
    [InlineData("failOn: high\nreviewOn:\n  - destroy\n  \t- replace\n", "4:3")]
    public void Parse_TabIndentingTheNextLineOfAScalar_SaysSoAtTheTab(string yaml, string at)
    {
        ErrorOf(yaml).ShouldBe($"tollgate.yaml:{at}: not valid YAML: a tab indents this line (YAML indents with spaces)");
    }

    [Fact]
    public void Parse_EmptyFile_IsTheDefaults()
    {
        var policy = PolicyReader.Parse("", "tollgate.yaml", Pillars.Vocabulary);

        policy.FailOn.ShouldBe(Severity.High);
        policy.Source.ShouldBe("tollgate.yaml");
    }
}
