using Tollgate.Terraform.Graph;
using Tollgate.Terraform.GraphRules;
using Tollgate.Terraform.Plan;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Graph;

/// <summary>
/// The blast-radius limits and counts of a real terraform plan are on objects (instances), what terraform destroys,
/// not on configuration blocks; and a destroy plan's dependents that the same plan destroys are not counted.
/// </summary>
public sealed class BlastRadiusObjectsTests : IDisposable
{
    private const string Config = """
        resource "terraform_data" "db" { input = "db" }
        resource "terraform_data" "table" {
          count = 30
          input = terraform_data.db.output
        }
        resource "terraform_data" "keep" {
          count = 4
          input = terraform_data.db.output
        }
        """;

    private readonly TerraformWorkspace _ws = new("blast-objects");

    [Fact]
    public void MaxDestroyed_PlanDestroying30ObjectsOfOneBlock_IsOverALimitOf5()
    {
        _ws.Write("main.tf", Config).Apply();
        var plan = PlanReader.ReadFile(_ws.PlanJson("destroy.json", "-destroy", "-target=terraform_data.table"));
        var analysis = new GraphAnalysis(GraphLoader.FromPlan(plan, plan.Identities, null).Model, ChangeSet.FromPlan(plan), new GraphThresholds { MaxDestroyed = 5 });

        var finding = new BlastRadiusRule().Evaluate(analysis).ShouldHaveSingleItem();

        analysis.DestroyedCount.ShouldBe(30);
        finding.Message.ShouldStartWith("30 resources destroyed (1 resource block), over the limit of 5", Case.Sensitive);
    }

    [Fact]
    public void BlastRadius_DestroyPlan_DoesNotCountDependentsItDestroysToo()
    {
        _ws.Write("main.tf", Config).Apply();
        var plan = PlanReader.ReadFile(_ws.PlanJson("destroy.json", "-destroy"));
        var analysis = new GraphAnalysis(GraphLoader.FromPlan(plan, plan.Identities, null).Model, ChangeSet.FromPlan(plan), new GraphThresholds { MaxDestroyed = 5 });

        var findings = new BlastRadiusRule().Evaluate(analysis).ToList();

        findings.ShouldNotContain(f => f.Address == "terraform_data.db");
        findings.ShouldHaveSingleItem().Message.ShouldStartWith("35 resources destroyed (3 resource blocks), over the limit of 5", Case.Sensitive);
    }

    [Fact]
    public void MaxDependents_UpdateWith34DependentObjects_CountsObjects()
    {
        _ws.Write("main.tf", Config).Apply();
        _ws.Write("main.tf", Config.Replace("input = \"db\"", "input = \"db2\"", StringComparison.Ordinal));
        var plan = PlanReader.ReadFile(_ws.PlanJson());
        var analysis = new GraphAnalysis(GraphLoader.FromPlan(plan, plan.Identities, null).Model, ChangeSet.FromPlan(plan), new GraphThresholds { MaxBlastRadius = 10 });

        var finding = new BlastRadiusRule().Evaluate(analysis).ShouldHaveSingleItem();

        finding.Message.ShouldBe("terraform_data.db changes: 34 resources depend on it transitively (2 resource blocks), over the limit of 10");
    }

    [Fact]
    public void MaxDependents_PlanWithoutPriorState_CountsTheObjectsItChanges()
    {
        // A hand-made or filtered plan without prior_state: the updated dependents still count (they weighed 0).
        _ws.Write("main.tf", Config).Apply();
        _ws.Write("main.tf", Config.Replace("input = \"db\"", "input = \"db2\"", StringComparison.Ordinal));
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(_ws.PlanJson()))!.AsObject();
        json.Remove("prior_state").ShouldBeTrue();
        var stripped = Path.Combine(_ws.Directory, "no-prior-state.json");
        File.WriteAllText(stripped, json.ToJsonString());
        var plan = PlanReader.ReadFile(stripped);
        var analysis = new GraphAnalysis(GraphLoader.FromPlan(plan, plan.Identities, null).Model, ChangeSet.FromPlan(plan), new GraphThresholds { MaxBlastRadius = 10 });

        var finding = new BlastRadiusRule().Evaluate(analysis).ShouldHaveSingleItem();

        finding.Message.ShouldBe("terraform_data.db changes: 34 resources depend on it transitively (2 resource blocks), over the limit of 10");
    }

    public void Dispose() => _ws.Dispose();
}
