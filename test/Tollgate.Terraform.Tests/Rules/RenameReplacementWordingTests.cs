using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Plan;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Rules;

/// <summary>
/// A replacement a missing <c>moved</c> block causes says so, on a real terraform 1.11 plan: resources moved into a
/// module, and a root resource whose <c>triggers_replace</c> list reads the moved one through the module's output
/// (terraform marks the list's element unknown: <c>[true]</c>). It was explained only as "triggers_replace changed".
/// </summary>
public sealed class RenameReplacementWordingTests : IDisposable
{
    private readonly TerraformWorkspace _ws = new("rename-replacement");

    [Fact]
    public void Evaluate_ReplacementOfAMissingMove_NamesTheReferenceAndTheRename()
    {
        _ws.Write("main.tf", """
            resource "terraform_data" "cache" { input = { size = "large", engine = "redis" } }
            resource "terraform_data" "web" {
              input            = "web"
              triggers_replace = [terraform_data.cache.output]
            }
            """).Apply();
        _ws.Write("infra/main.tf", """
                resource "terraform_data" "cache" { input = { size = "large", engine = "redis" } }
                output "cache" { value = terraform_data.cache.output }
                """)
            .Write("main.tf", """
                module "infra" { source = "./infra" }
                resource "terraform_data" "web" {
                  input            = "web"
                  triggers_replace = [module.infra.cache]
                }
                """);
        var plan = PlanReader.ReadFile(_ws.PlanJson());

        var findings = new PlanGate().Evaluate(plan);

        const string Because = "triggers_replace changed: it refers to module.infra.cache, known only after apply (module.infra.terraform_data.cache is created: see rename-suspect)";
        findings.Single(f => f.Rule == "replace").Message.ShouldBe($"terraform_data.web is replaced (destroy before create: expect downtime): {Because}");
        findings.Single(f => f.Rule == "destroy" && f.Address == "terraform_data.web").Message.ShouldEndWith(Because);
        findings.ShouldContain(f => f.Rule == "rename-suspect" && f.Address == "terraform_data.cache");
    }

    public void Dispose() => _ws.Dispose();
}
