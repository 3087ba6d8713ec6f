using System.Text.Json.Nodes;
using Tollgate.Domain;
using Tollgate.Terraform.Plan;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Plan;

/// <summary>
/// A plan whose resource_changes were cut away (a bad merge, a filter in a pipeline) would hide its destroys: terraform
/// lists every resource in state there, so an applyable plan without drift that lists none of its prior state's managed
/// resources is refused. A refresh-only plan, which lists none and is applyable only with drift, is read as before.
/// Real plans of terraform_data.
/// </summary>
public sealed class CutPlanTests : IDisposable
{
    private readonly TerraformWorkspace _ws = new("cut-plan");

    public CutPlanTests()
    {
        _ws.Write("main.tf", "resource \"terraform_data\" \"a\" {\n  input = \"x\"\n}\n\nresource \"terraform_data\" \"b\" {\n  input = \"y\"\n}\n\ndata \"terraform_remote_state\" \"none\" {\n  count   = 0\n  backend = \"local\"\n}\n");
        _ws.Apply();
    }

    [Fact]
    public void Read_DestroyPlanWithoutItsResourceChanges_RefusedNamingWhatStateHolds()
    {
        var plan = JsonNode.Parse(File.ReadAllText(_ws.PlanJson("destroy.json", "-destroy")))!.AsObject();
        PlanReader.ReadFile(_ws.PathOf("destroy.json")).Summary.Delete.ShouldBe(2);
        plan.Remove("resource_changes");
        File.WriteAllText(_ws.PathOf("cut.json"), plan.ToJsonString());
        plan["resource_changes"] = new JsonArray();
        File.WriteAllText(_ws.PathOf("emptied.json"), plan.ToJsonString());

        foreach (var name in new[] { "cut.json", "emptied.json" })
        {
            var error = Should.Throw<InvalidInputException>(() => PlanReader.ReadFile(_ws.PathOf(name)));
            error.Message.ShouldBe($"{_ws.PathOf(name)} is not a plan as terraform writes it: it lists no resource_changes, yet it is applyable and its prior_state holds 2 managed resources (terraform lists every resource in state, unchanged ones as no-op): the plan was cut; gate the output of `terraform show -json PLANFILE` itself");
        }
    }

    [Fact]
    public void Read_RefreshOnlyAndUnchangedPlans_ReadAsBefore()
    {
        var refreshOnly = PlanReader.ReadFile(_ws.PlanJson("refresh.json", "-refresh-only"));
        var unchanged = PlanReader.ReadFile(_ws.PlanJson("unchanged.json"));

        refreshOnly.Summary.ToPairs().Sum(p => p.Value).ShouldBe(0, "a refresh-only plan lists no resource_changes");
        unchanged.Summary.NoOp.ShouldBe(2);
    }

    [Theory]
    [InlineData("terraform_data.a", false)]
    [InlineData("data.terraform_remote_state.s", true)]
    [InlineData("module.net.data.aws_vpc.main", true)]
    [InlineData("module.net[\"eu.west\"].module.sub[0].data.x.y", true)]
    [InlineData("module.data.terraform_data.a", false)]
    [InlineData("module.net[\"a.data.b\"].terraform_data.a", false)]
    public void IsData_ReadsPastModulePrefixes(string address, bool data) => PriorStateReader.IsData(address).ShouldBe(data);

    public void Dispose() => _ws.Dispose();
}
