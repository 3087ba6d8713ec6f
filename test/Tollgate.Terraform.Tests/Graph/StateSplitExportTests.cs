using Tollgate.Terraform.Graph;
using Tollgate.Terraform.Graph.StateSplit;
using Tollgate.Terraform.GraphRules;
using Tollgate.Terraform.Running;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Graph;

/// <summary>
/// The output a split asks the producer's state to add exports the value the consumer reads now, in terms that exist
/// in the producer's state.
/// </summary>
public sealed class StateSplitExportTests
{
    [Fact]
    public async Task StateSplit_ModuleInputReadingAnAttribute_ExportsThatAttributeNotTheId()
    {
        using var ws = new TerraformWorkspace("split-input");
        ws.Write("m/main.tf", "variable \"in\" {}\n\nresource \"terraform_data\" \"b\" {\n  input = var.in\n}\n")
            .Write("main.tf", "resource \"terraform_data\" \"a\" {\n  input = \"x\"\n}\n\nmodule \"m\" {\n  source = \"./m\"\n  in     = terraform_data.a.output\n}\n")
            .Write("own.yaml", "module.m: team2\n\"*\": team1\n");

        var (crossing, suggestion) = await Split(ws, "team2", "team1");

        crossing.Export.ShouldBe("terraform_data.a.output");
        crossing.ExportModule.ShouldBe("");
        suggestion.ShouldContain("output \"terraform_data_a_output\" { value = terraform_data.a.output }");
        suggestion.ShouldContain("# module.m.terraform_data.b: terraform_data.a.output (the module input behind var.in) -> data.terraform_remote_state.team1.outputs.terraform_data_a_output");
        suggestion.ShouldNotContain("terraform_data.a.id");
    }

    [Fact]
    public async Task StateSplit_NestedModules_ExportTheOutermostOutputAndPassInnerValuesUp()
    {
        using var ws = new TerraformWorkspace("split-nested");
        ws.Write("m1/main.tf", "variable \"in\" {}\n\nmodule \"l2\" {\n  source = \"../m2\"\n}\n\noutput \"out\" {\n  value = module.l2.out\n}\n")
            .Write("m2/main.tf", "resource \"terraform_data\" \"m2res\" {\n  input = \"m2\"\n}\n\nmodule \"l3\" {\n  source = \"../m3\"\n  in     = terraform_data.m2res.output\n}\n\noutput \"out\" {\n  value = module.l3.out\n}\n")
            .Write("m3/main.tf", "variable \"in\" {}\n\nresource \"terraform_data\" \"leaf\" {\n  input = var.in\n}\n\noutput \"out\" {\n  value = terraform_data.leaf.output\n}\n")
            .Write("main.tf", "resource \"terraform_data\" \"base\" {\n  input = \"base\"\n}\n\nmodule \"l1\" {\n  source = \"./m1\"\n  in     = terraform_data.base.output\n}\n\nresource \"terraform_data\" \"uses_out\" {\n  input = module.l1.out\n}\n")
            .Write("own.yaml", "module.l1: net\nmodule.l1.module.l2.module.l3: leafteam\n\"*\": platform\n");

        var (fromRoot, rootSuggestion) = await Split(ws, "platform", "leafteam");
        var (inner, innerSuggestion) = await Split(ws, "leafteam", "net");

        fromRoot.Export.ShouldBe("module.l1.out");
        rootSuggestion.ShouldContain("output \"module_l1_out\" { value = module.l1.out }");
        (inner.ExportModule, inner.Export).ShouldBe(("module.l1.module.l2", "terraform_data.m2res.output"));
        innerSuggestion.ShouldNotContain("var.in }");
        innerSuggestion.ShouldContain(
            "# in module.l1.module.l2:\noutput \"module_l1_module_l2_terraform_data_m2res_output\" { value = terraform_data.m2res.output }\n" +
            "# in module.l1:\noutput \"module_l1_module_l2_terraform_data_m2res_output\" { value = module.l2.module_l1_module_l2_terraform_data_m2res_output }\n" +
            "# in the root module of net's state:\noutput \"module_l1_module_l2_terraform_data_m2res_output\" { value = module.l1.module_l1_module_l2_terraform_data_m2res_output }\n");
    }

    [Fact]
    public async Task StateSplit_OnlyADependsOnCrosses_SaysItOrdersNothingWithNoEmptyOutputsOrUnreadLookup()
    {
        using var ws = new TerraformWorkspace("split-dependson");
        ws.Write("m/main.tf", "resource \"terraform_data\" \"agg\" {\n  input = \"agg\"\n}\n")
            .Write("main.tf", "module \"outer\" {\n  source = \"./m\"\n}\n\nresource \"terraform_data\" \"waiter\" {\n  input      = \"w\"\n  depends_on = [module.outer]\n}\n\n"
                + "data \"terraform_remote_state\" \"rs\" {\n  backend = \"local\"\n  config  = { path = \"other.tfstate\" }\n}\n\nresource \"terraform_data\" \"uses_ds\" {\n  input = data.terraform_remote_state.rs.outputs\n}\n");
        var loaded = await new GraphLoader(new TerraformCli()).LoadAsync(ws.Directory);
        var analysis = new GraphAnalysis(loaded.Model, ChangeSet.None, new GraphThresholds());
        var advice = new StateSplitAdvisor(analysis, OwnerMap.None).Advise();

        var findings = new StateSplitRule(OwnerMap.None, requireOwnership: false).Evaluate(analysis, advice).ToList();

        var crossing = findings.Single(f => f.Evidence.GetValueOrDefault("producer") as string == "module.outer");
        crossing.Message.ShouldBe("splitting root from module.outer: 1 reference would cross (1 depends_on only)");
        crossing.Suggestion.ShouldBe(
            "# the only crossing is a depends_on: across states it orders nothing and no output can carry it; remove it, and apply module.outer's state before root's\n"
            + "# terraform_data.waiter: depends_on = [module.outer]");
        findings.Single(f => f.Evidence.GetValueOrDefault("owner") as string == "root").Message.ShouldStartWith("state \"root\": 2 resources and 1 data source;");
        advice.States.Single(s => s.Owner == "root").Resources.ShouldBe(["terraform_data.uses_ds", "terraform_data.waiter"]);
    }

    private static async Task<(CrossReference Crossing, string Suggestion)> Split(TerraformWorkspace ws, string consumer, string producer)
    {
        var loaded = await new GraphLoader(new TerraformCli()).LoadAsync(ws.Directory);
        var analysis = new GraphAnalysis(loaded.Model, ChangeSet.None, new GraphThresholds());
        var owners = OwnerMap.Load(ws.PathOf("own.yaml"));
        var advice = new StateSplitAdvisor(analysis, owners).Advise();
        var boundary = advice.Boundaries.Single(b => b.ConsumerOwner == consumer && b.ProducerOwner == producer);
        var finding = new StateSplitRule(owners).Evaluate(analysis, advice).Single(f => f.Evidence.GetValueOrDefault("consumer") as string == consumer && f.Evidence.GetValueOrDefault("producer") as string == producer);
        return (boundary.References.Single(r => !r.DependsOn), finding.Suggestion!);
    }
}
