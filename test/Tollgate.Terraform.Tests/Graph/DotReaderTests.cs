using Tollgate.Terraform.Graph;
using Tollgate.Terraform.Graph.Config;
using Tollgate.Terraform.Graph.Dot;

namespace Tollgate.Terraform.Tests.Graph;

public sealed class DotReaderTests
{
    private static readonly string[] Resources =
    [
        "module.app.terraform_data.lb", "module.app.terraform_data.server", "module.net.terraform_data.subnet",
        "terraform_data.dns", "terraform_data.vpc",
    ];

    [Fact]
    public void Read_SimplifiedDialectOfTerraform111_KeepsResourcesAndReducedEdges()
    {
        var dot = DotReader.ReadFile(GraphFixtures.PathOf("simplified.dot"));

        dot.Dialect.ShouldBe(DotDialect.Simplified);
        dot.Nodes.Order().ShouldBe(Resources);
        dot.Edges.ShouldBe(
        [
            ("terraform_data.dns", "module.app.terraform_data.lb"),
            ("module.app.terraform_data.lb", "module.app.terraform_data.server"),
            ("module.app.terraform_data.server", "module.net.terraform_data.subnet"),
            ("module.net.terraform_data.subnet", "terraform_data.vpc"),
        ]);
    }

    [Fact]
    public void Read_VerboseDialect_ContractsValuesProvidersAndModuleBarriers()
    {
        var dot = DotReader.ReadFile(GraphFixtures.PathOf("verbose.dot"));

        dot.Dialect.ShouldBe(DotDialect.Verbose);
        dot.Nodes.Order().ShouldBe(Resources);
        dot.Edges.ShouldContain(("module.net.terraform_data.subnet", "terraform_data.vpc"));
        dot.Edges.ShouldContain(("module.app.terraform_data.server", "module.net.terraform_data.subnet"));
        dot.Edges.ShouldContain(("module.app.terraform_data.server", "terraform_data.vpc"), "the module's depends_on reaches through module.app (expand)");
        dot.Edges.ShouldNotContain(e => e.From.Contains("provider") || e.To.Contains("var.") || e.To.Contains("local."));
    }

    [Fact]
    public void Read_BothDialects_HaveTheSameTransitiveClosureAsTheHclGraph()
    {
        var simplified = GraphClosure.Of(new GraphAssembler { Dot = DotReader.ReadFile(GraphFixtures.PathOf("simplified.dot")) }.Build().Graph);
        var verbose = GraphClosure.Of(new GraphAssembler { Dot = DotReader.ReadFile(GraphFixtures.PathOf("verbose.dot")) }.Build().Graph);
        var hcl = GraphClosure.Of(new GraphAssembler { Config = HclConfigLoader.Load(GraphFixtures.PathOf("config")) }.Build().Graph);

        verbose.ShouldBe(simplified);
        hcl.ShouldBe(simplified);
    }

    [Fact]
    public void Read_DrawCyclesOutput_KeepsTheRedEdgesAndTheCycle()
    {
        var dot = DotReader.ReadFile(GraphFixtures.PathOf("verbose-cycle.dot"));
        var model = new GraphAssembler { Dot = dot }.Build();
        var components = StronglyConnected.Of(model.Graph);

        dot.CycleEdges.ShouldContain(("terraform_data.b", "terraform_data.a"));
        components.Cycles(model.Graph).Count().ShouldBe(1);
    }

    [Fact]
    public void Read_NotDot_IsAnInputError()
    {
        Should.Throw<Domain.InvalidInputException>(() => DotReader.Read("{\"format_version\": \"1.2\"}", "plan.json"))
            .Message.ShouldContain("not a DOT graph");
    }
}
