using Tollgate.Cli.Hosting;
using Tollgate.Cli.Reports;
using Tollgate.Domain.Rules;
using Tollgate.Policies.Loading;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Reports;

public sealed class RulesPageTests
{
    [Fact]
    public void RulesPage_Committed_IsGeneratedFromTheRegistrations()
    {
        var path = Repository.File("docs", "rules.md");
        var generated = RulesPage.Render(Pillars.Rules);
        if (Environment.GetEnvironmentVariable("TOLLGATE_WRITE_DOCS") == "1")
        {
            File.WriteAllText(path, generated);
        }

        File.ReadAllText(path).ShouldBe(generated, "docs/rules.md is out of date: regenerate it with TOLLGATE_WRITE_DOCS=1 dotnet test test/Tollgate.Cli.Tests --filter RulesPage");
    }

    [Fact]
    public void Catalog_EveryRegisteredRule_IsDocumentedAndAccepted()
    {
        var page = File.ReadAllText(Repository.File("docs", "rules.md"));

        foreach (var rule in Pillars.Rules.Rules)
        {
            page.ShouldContain($"`{rule.Id}`");
            Pillars.Rules.Accepts(rule.Id).ShouldBeTrue(rule.Id);
            rule.Help.ToString().ShouldEndWith("docs/rules.md#" + rule.Id.Replace('/', '-'));
        }
    }

    [Theory]
    [InlineData("k8s/pdb-missing")]
    [InlineData("k8s/*")]
    public void Policy_KubernetesLintRules_Accepted(string rule)
    {
        Pillars.Rules.Accepts(rule).ShouldBeTrue();
        PolicyReader.Parse($"rules:\n  {rule}: {{ severity: low }}\n", "tollgate.yaml", Pillars.Vocabulary).SettingsFor("k8s/pdb-missing").ShouldNotBeNull();
    }

    [Theory]
    [InlineData("k8s/pdb-mising")]
    [InlineData("kpi-regresion")]
    [InlineData("watch-windows")]
    [InlineData("destory")]
    public void Policy_RuleOfAPillarThisBuildLacks_IsRefusedAsATypo(string rule)
    {
        Pillars.Rules.Accepts(rule).ShouldBeFalse();
        Should.Throw<Domain.InvalidInputException>(() => PolicyReader.Parse($"rules:\n  {rule}: {{ enabled: false }}\n", "tollgate.yaml", Pillars.Vocabulary))
            .Message.ShouldContain("unknown rule");
    }

    [Theory]
    [InlineData("lineage-missing")]
    [InlineData("kpi-regression")]
    [InlineData("kpi-outcome-missing")]
    [InlineData("shadow-disagreement")]
    [InlineData("drift")]
    [InlineData("skew")]
    [InlineData("trend")]
    public void Policy_ModelRule_IsAccepted(string rule) => Pillars.Rules.Accepts(rule).ShouldBeTrue();

    [Fact]
    public void Catalog_SameIdTwice_IsAProgrammingError() =>
        Should.Throw<ArgumentException>(() => new RuleCatalog([new("x", Domain.Findings.Severity.Low, "a"), new("x", Domain.Findings.Severity.Low, "b")]));
}
