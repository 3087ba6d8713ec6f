using System.Text;
using Tollgate.Domain.Findings;
using Tollgate.Kubernetes.Lint;
using Tollgate.Kubernetes.Manifests;
using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// PodDisruptionBudgets as the API server and its eviction handler take them: two budgets over the same pods block
/// every eviction of them (<c>k8s/pdb-blocks-eviction</c>); a budget the API server refuses is
/// <c>k8s/invalid-manifest</c> and protects nothing (<c>k8s/pdb-missing</c>); matching is indexed, not every budget
/// against every workload. Before, the first two passed and 10,000 objects of one namespace took 43 s.
/// </summary>
public sealed class BudgetTests
{
    private static List<Finding> Found(params string[] documents) => [.. Lint.Text(All(documents)).Findings];

    private static string Labelled(string name) => Deployment(name, labels: "tier: be");

    [Fact]
    public void PdbBlocksEviction_TwoBudgetsSelectTheSamePods_FoundOnTheWorkload()
    {
        var findings = Found(Labelled("web"), Pdb("p1", "matchLabels: {app: web}"), Pdb("p2", "matchLabels: {tier: be}"));

        var finding = findings.ShouldHaveSingleItem();
        finding.Rule.ShouldBe("k8s/pdb-blocks-eviction");
        finding.Address.ShouldBe("Deployment/default/web");
        finding.Message.ShouldBe("the pods of Deployment default/web (app=web,tier=be) are selected by 2 PodDisruptionBudgets (default/p1 (app=web), default/p2 (tier=be)), and the eviction API refuses to evict a pod more than one budget selects (This pod has more than one PodDisruptionBudget, which the eviction subresource does not support): kubectl drain and node upgrades wait on them forever");
        finding.Related.ShouldBe(["PodDisruptionBudget/default/p1", "PodDisruptionBudget/default/p2"]);
        finding.Location!.Line.ShouldBe(1);
        finding.Suggestion!.ShouldEndWith("- {key: app, operator: NotIn, values: [web]}");
    }

    [Fact]
    public void PdbBlocksEviction_TeamBudgetOverTwoServicesEachWithItsOwn_FoundOnEach()
    {
        var findings = Found(Labelled("web"), Labelled("api"), Pdb("web", "matchLabels: {app: web}"), Pdb("api", "matchLabels: {app: api}"), Pdb("team", "matchExpressions: [{key: tier, operator: Exists}]"));

        findings.Select(f => (f.Rule, f.Address)).ShouldBe([("k8s/pdb-blocks-eviction", "Deployment/default/web"), ("k8s/pdb-blocks-eviction", "Deployment/default/api")]);
    }

    [Fact]
    public void PdbBlocksEviction_OneBudgetEachOrBudgetsInAnotherNamespace_NoFinding()
    {
        Found(Labelled("web"), Labelled("api"), Pdb("web", "matchLabels: {app: web}"), Pdb("api", "matchLabels: {app: api}")).ShouldBeEmpty();
        Found(Labelled("web"), Pdb("web", "matchLabels: {app: web}"), Pdb("team", "matchLabels: {tier: be}").Replace("  name: team\n", "  name: team\n  namespace: other\n", StringComparison.Ordinal))
            .ShouldBeEmpty();
    }

    [Theory]
    [InlineData("minAvailable: 1\n  maxUnavailable: 1", "spec sets both minAvailable and maxUnavailable: the API server refuses it (spec: Invalid value: {minAvailable: 1, maxUnavailable: 1}: minAvailable and maxUnavailable cannot be both set)", 7)]
    [InlineData("maxUnavailable: '150%'", "spec.maxUnavailable is 150%, above 100%: the API server refuses it (spec.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%)", 6)]
    [InlineData("minAvailable: '150%'", "spec.minAvailable is 150%, above 100%: the API server refuses it (spec.minAvailable: Invalid value: \"150%\": must not be greater than 100%)", 6)]
    [InlineData("maxUnavailable: '1'", "spec.maxUnavailable is \"1\", a quoted count, which the API server reads as a percentage without its %: the API server refuses it (spec.maxUnavailable: Invalid value: \"1\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%'))", 6)]
    [InlineData("maxUnavailable: '0'", "spec.maxUnavailable is \"0\", a quoted count, which the API server reads as a percentage without its %: the API server refuses it (spec.maxUnavailable: Invalid value: \"0\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%'))", 6)]
    [InlineData("minAvailable: -1", "spec.minAvailable is -1, below 0: the API server refuses it (spec.minAvailable: Invalid value: -1: must be greater than or equal to 0)", 6)]
    public void InvalidManifest_BudgetTheApiServerRefuses_FoundAndItsWorkloadUnprotected(string bound, string problem, int line)
    {
        var findings = Found(Deployment("web"), Pdb("web", "matchLabels: {app: web}", bound));

        findings.Select(f => f.Rule).ShouldBe(["k8s/pdb-missing", "k8s/invalid-manifest"]);
        var refused = findings[1];
        refused.Message.ShouldBe("PodDisruptionBudget default/web: " + problem);
        refused.Address.ShouldBe("PodDisruptionBudget/default/web");
        refused.Location!.Line.ShouldBe(25 + line);
    }

    [Theory]
    [InlineData("maxUnavailable: 100%")]
    [InlineData("minAvailable: 0")]
    [InlineData("maxUnavailable: '25%'")]
    public void InvalidManifest_BudgetTheApiServerTakes_NoFinding(string bound)
    {
        Found(Deployment("web"), Pdb("web", "matchLabels: {app: web}", bound)).Where(f => f.Rule == "k8s/invalid-manifest").ShouldBeEmpty();
    }

    [Theory]
    [InlineData(500)]
    [InlineData(5_000)]
    public void Lint_ManyWorkloadsAndBudgetsInOneNamespace_OneMatchEach(int count)
    {
        // Each workload with its own budget, all in one namespace: matched every budget against every workload, 5,000
        // pairs were 25 million matches (9 s; 10,000 took 43 s). Indexed by a label each selector requires, each
        // workload is matched against its own budget only: the count of matches, not the time, is what is asserted.
        var yaml = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            yaml.Append(Deployment($"d{i}")).Append("---\n").Append(Pdb($"d{i}", $"matchLabels: {{app: d{i}}}")).Append("---\n");
        }

        var set = ManifestLint.Read([new ManifestText("many.yaml", yaml.ToString())]);
        var result = ManifestLint.Lint(set);

        result.Findings.ShouldBeEmpty();
        set.BudgetMatches.ShouldBe(count);
    }

    [Fact]
    public void Lint_BudgetThatRequiresNoOneLabel_MatchedAgainstEachWorkloadOfItsNamespace()
    {
        var set = ManifestLint.Read([new ManifestText("t.yaml", All(Deployment("a"), Deployment("b"), Pdb("wide", "matchExpressions: [{key: app, operator: Exists}]")))]);

        set.BudgetsOf(set.Workloads[0]).ShouldHaveSingleItem().Source.Name.ShouldBe("wide");
        set.BudgetMatches.ShouldBe(2);
    }
}
