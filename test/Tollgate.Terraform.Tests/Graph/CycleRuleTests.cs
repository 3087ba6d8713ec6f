using Tollgate.Domain.Verdicts;
using Tollgate.Terraform.Graph;
using Tollgate.Terraform.GraphRules;
using Tollgate.Terraform.Running;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Graph;

public sealed class CycleRuleTests
{
    [Fact]
    public async Task Evaluate_TwoCyclesInOneComponent_ListsBothWithTheirOwnSuspectEdge()
    {
        using var ws = new TerraformWorkspace("two-cycles");
        ws.Write("main.tf", """
            resource "terraform_data" "a" {
              input      = terraform_data.b.output
              depends_on = [terraform_data.c]
            }

            resource "terraform_data" "b" {
              input = terraform_data.a.id
            }

            resource "terraform_data" "c" {
              input = terraform_data.a.id
            }
            """).Run(["init", "-input=false", "-no-color"]);
        var (code, _, stderr) = ws.RunRaw(["validate", "-no-color"]);

        var loaded = await new GraphLoader(new TerraformCli()) { RunTerraformGraph = false }.LoadAsync(ws.Directory);
        var analysis = new GraphAnalysis(loaded.Model, ChangeSet.None, new GraphThresholds());
        var findings = new GraphGate().Evaluate(analysis);
        var report = new GraphGate().Judge(ws.Directory, loaded, analysis, findings);

        code.ShouldNotBe(0);
        stderr.ShouldContain("Cycle");
        report.Verdict.ShouldBe(Verdict.Fail);
        var cycles = findings.Where(f => f.Rule == "cycle").ToList();
        cycles.Select(f => string.Join(" → ", (IEnumerable<string>)f.Evidence["path"]!)).ShouldBe([
            "terraform_data.a → terraform_data.b → terraform_data.a",
            "terraform_data.a → terraform_data.c → terraform_data.a",
        ]);
        cycles[0].Evidence["suspectEdge"].ShouldBe(new[] { "terraform_data.a", "terraform_data.b" });
        cycles[0].Message.ShouldContain("comes from the reference terraform_data.b.output (cycle 1 of 2 among the same 3 addresses)");
        cycles[0].Evidence["component"].ShouldBe(new[] { "terraform_data.a", "terraform_data.b", "terraform_data.c" });
        cycles[1].Evidence["suspectEdge"].ShouldBe(new[] { "terraform_data.a", "terraform_data.c" });
        cycles[1].Message.ShouldContain("is an explicit depends_on");
        cycles[1].Suggestion.ShouldBe("remove terraform_data.c from depends_on of terraform_data.a, or move the shared value into a third resource both can reference");
        cycles[0].Suggestion!.ShouldNotContain("cut it first", Case.Sensitive, "no edge lies on both cycles");
        report.Summary.ShouldContain(new KeyValuePair<string, long>("cycles", 2));
    }

    [Fact]
    public async Task Evaluate_BlockReferringToItself_ACycleOfOneAsTerraformRefusesIt()
    {
        // Before: dropped as no edge, so the configuration passed where terraform plan fails ("Self-referential block").
        using var ws = new TerraformWorkspace("self-reference");
        ws.Write("main.tf", """
            variable "size" {
              type = number
              validation {
                condition     = var.size > 0
                error_message = "size must be positive"
              }
            }

            resource "terraform_data" "a" {
              input = terraform_data.a.id
            }

            resource "terraform_data" "b" {
              input      = var.size
              depends_on = [terraform_data.b]
            }

            resource "terraform_data" "c" {
              input = var.size
              provisioner "local-exec" {
                command = "echo ${self.id}"
              }
            }
            """).Run(["init", "-input=false", "-no-color"]);
        var (code, _, stderr) = ws.RunRaw(["plan", "-input=false", "-no-color", "-var", "size=1"]);

        var loaded = await new GraphLoader(new TerraformCli()) { RunTerraformGraph = false }.LoadAsync(ws.Directory);
        var analysis = new GraphAnalysis(loaded.Model, ChangeSet.None, new GraphThresholds());
        var findings = new GraphGate().Evaluate(analysis);

        code.ShouldNotBe(0);
        stderr.ShouldContain("Self-referential block");
        var cycles = findings.Where(f => f.Rule == "cycle").ToList();
        cycles.Select(f => string.Join(" → ", (IEnumerable<string>)f.Evidence["path"]!)).ShouldBe([
            "terraform_data.a → terraform_data.a",
            "terraform_data.b → terraform_data.b",
        ]);
        cycles[0].Message.ShouldContain("is the block referring to itself through terraform_data.a.id, which terraform refuses (Self-referential block)");
        cycles[1].Message.ShouldContain("is the block referring to itself in its own depends_on");
        cycles[1].Suggestion.ShouldBe("remove terraform_data.b from its own depends_on");
    }

    [Fact]
    public void Evaluate_DependsOnOnEveryCycle_IsTheOneCutNamedOnTheComponent()
    {
        // a → b by depends_on; b → a and b → c → a by references: both cycles run through the depends_on.
        var builder = new GraphBuilder();
        var (a, b, c) = (builder.Node("terraform_data.a"), builder.Node("terraform_data.b"), builder.Node("terraform_data.c"));
        builder.Edge(a, b, EdgeKind.DependsOn);
        builder.Edge(b, a, EdgeKind.Reference);
        builder.Edge(b, c, EdgeKind.Reference);
        builder.Edge(c, a, EdgeKind.Reference);
        var analysis = new GraphAnalysis(new GraphModel { Graph = builder.Build() }, ChangeSet.None, new GraphThresholds());

        var findings = new CycleRule().Evaluate(analysis).ToList();

        findings.Select(f => f.Evidence["suspectEdge"]).ShouldAllBe(e => ((string[])e!).SequenceEqual(new[] { "terraform_data.a", "terraform_data.b" }));
        findings[0].Suggestion!.ShouldEndWith("\nthe edge terraform_data.a → terraform_data.b lies on 2 of the 2 cycles listed here: cut it first");
        findings[1].Message.ShouldContain("(cycle 2 of 2 among the same 3 addresses)");
    }

    [Fact]
    public void Evaluate_DenseComponentOverTheCap_SaysMoreExistAndKeepsTheMembers()
    {
        var builder = new GraphBuilder();
        var nodes = Enumerable.Range(0, 6).Select(i => builder.Node($"terraform_data.n{i}")).ToList();
        foreach (var (a, b) in from a in nodes from b in nodes where a != b select (a, b))
        {
            builder.Edge(a, b, EdgeKind.Reference);
        }

        var analysis = new GraphAnalysis(new GraphModel { Graph = builder.Build() }, ChangeSet.None, new GraphThresholds());

        var findings = new CycleRule().Evaluate(analysis).ToList();

        findings.Count.ShouldBe(100, "409 elementary cycles, capped at 100 per component");
        findings[0].Evidence["listing"].ShouldBe("more exist");
        findings[0].Evidence["component"].ShouldBe(nodes.Select(n => $"terraform_data.n{n}").ToList());
        findings[0].Message.ShouldEndWith("(cycle 1 of the first 100 listed among 6 addresses; more exist)");
        findings[0].Suggestion!.ShouldContain("of the 100 cycles listed");
        findings.Skip(1).ShouldAllBe(f => !f.Evidence.ContainsKey("component"));
        findings.Select(f => f.Message).Distinct().Count().ShouldBe(100);
        new GraphGate().Judge("k6", new GraphSubject(analysis.Model, ChangeSet.None, "sha256:0"), analysis, findings).Reason
            .ShouldStartWith("at least 100 dependency cycles: terraform cannot order these resources");
    }
}
