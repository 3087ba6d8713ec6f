using Tollgate.Cli.Hosting;
using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Policies;
using Tollgate.Policies.Loading;

namespace Tollgate.Policies.Tests.Loading;

/// <summary>
/// A <c>policy/…</c> id names one of the same file's custom rules: a typo of one is refused at load with the nearest,
/// wherever in the file the custom rule is written.
/// </summary>
public sealed class CustomRuleIdTests
{
    private const string Custom = "custom:\n  - {name: no-db-delete, severity: high, message: m, when: \"true\"}\n";

    private static Policy Parse(string yaml) => PolicyReader.Parse(yaml, "polexc.yaml", Pillars.Vocabulary);

    private static string ErrorOf(string yaml) => Should.Throw<InvalidInputException>(() => Parse(yaml)).Message;

    [Fact]
    public void Parse_ExceptionForATypoOfACustomRule_RefusedWithTheNearest()
    {
        var message = ErrorOf(Custom + "exceptions:\n  - {rule: policy/no-db-delet, address: \"*\", reason: r, owner: o, expires: 2027-01-01}\n");

        message.ShouldBe("polexc.yaml:4:12: exception for unknown rule 'policy/no-db-delet'; did you mean 'policy/no-db-delete'?");
    }

    [Fact]
    public void Parse_ReviewOnATypoOfACustomRule_RefusedWithTheNearest()
    {
        var message = ErrorOf("reviewOn: [destroy, policy/no-db-delet]\n" + Custom);

        message.ShouldBe("polexc.yaml:1:21: unknown rule 'policy/no-db-delet' in reviewOn; did you mean 'policy/no-db-delete'?");
    }

    [Fact]
    public void Parse_RulesEntryForATypoOfACustomRule_RefusedWithTheNearest()
    {
        var message = ErrorOf(Custom + "rules:\n  policy/no-db-delet: { severity: low }\n");

        message.ShouldBe("polexc.yaml:4:3: unknown rule 'policy/no-db-delet' in rules; did you mean 'policy/no-db-delete'?");
    }

    [Fact]
    public void Parse_CustomRuleIdWithNoNearOne_NamesTheFilesCustomRules()
    {
        ErrorOf(Custom + "reviewOn: [policy/owner-tag]\n").ShouldEndWith("unknown rule 'policy/owner-tag' in reviewOn (the custom rules of this file: policy/no-db-delete)");
        ErrorOf("reviewOn: [policy/owner-tag]\n").ShouldEndWith("unknown rule 'policy/owner-tag' in reviewOn (policy/<name> names a custom rule of this file, and it has none)");
    }

    [Fact]
    public void Parse_BuiltInIdWithoutItsPrefix_SuggestsTheCustomRule()
    {
        ErrorOf(Custom + "rules:\n  no-db-delete: { severity: low }\n").ShouldEndWith("unknown rule 'no-db-delete' in rules; did you mean 'policy/no-db-delete'?");
    }

    [Fact]
    public void Parse_CustomRuleNamedBeforeItIsDefined_Accepted()
    {
        var policy = Parse("reviewOn: [policy/no-db-delete, \"policy/*\"]\nrules:\n  policy/no-db-delete: { severity: low }\n"
            + "exceptions:\n  - {rule: policy/no-db-delete, address: \"*\", reason: r, owner: o, expires: 2027-01-01}\n" + Custom);

        policy.ReviewOn.ShouldBe(["policy/no-db-delete", "policy/*"]);
        policy.Rules["policy/no-db-delete"].Severity.ShouldBe(Severity.Low);
        policy.Exceptions.Single().Rule.ShouldBe("policy/no-db-delete");
    }

    [Fact]
    public void Parse_PolicyGlobWithoutCustomRules_Accepted()
    {
        Parse("reviewOn: [\"policy/*\"]\n").ReviewOn.ShouldBe(["policy/*"]);
    }
}
