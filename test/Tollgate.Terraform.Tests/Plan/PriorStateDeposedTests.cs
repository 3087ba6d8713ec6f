using Tollgate.Terraform.Plan;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Plan;

/// <summary>
/// A prior state with a deposed object, made by the real terraform: a <c>create_before_destroy</c> replacement whose
/// new object's provisioner fails keeps the old object as deposed beside the new (tainted) one. Every tally of current
/// objects leaves the deposed one out alike: per configuration address, per module instance, in all.
/// </summary>
public sealed class PriorStateDeposedTests : IDisposable
{
    private readonly TerraformWorkspace _ws = new("deposed");

    [Fact]
    public void ReadFile_PriorStateWithADeposedObject_CountsOnlyTheCurrentObjectEverywhere()
    {
        _ws.Write("m/main.tf", """
            variable "v" { type = string }
            variable "fail" { type = bool }

            resource "terraform_data" "x" {
              triggers_replace = [var.v]
              lifecycle {
                create_before_destroy = true
              }
              provisioner "local-exec" {
                command = var.fail ? "false" : "true"
              }
            }
            """);
        _ws.Write("main.tf", """
            variable "v" { default = "1" }
            variable "fail" { default = false }

            module "svc" {
              source = "./m"
              v      = var.v
              fail   = var.fail
            }
            """).Apply();
        _ws.Run(["apply", "-auto-approve", "-input=false", "-no-color", "-var", "v=2", "-var", "fail=true"], check: false);

        var plan = PlanReader.ReadFile(_ws.PlanJson("plan.json", "-var", "v=3"));

        plan.Changes.Count(c => c.Deposed is not null).ShouldBe(1, "terraform left one deposed object");
        plan.PriorInstances["module.svc.terraform_data.x"].ShouldBe(1);
        plan.PriorObjectsUnder.ShouldNotBeNull()["module.svc"].ShouldBe(1);
    }

    public void Dispose() => _ws.Dispose();
}
