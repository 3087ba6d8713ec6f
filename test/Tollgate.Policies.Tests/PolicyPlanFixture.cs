using Tollgate.Terraform.Plan;
using Tollgate.Testing;

namespace Tollgate.Policies.Tests;

/// <summary>
/// One real plan, made once per test class by terraform: two objects destroyed (<c>terraform_data.db_main</c>,
/// <c>terraform_data.legacy_queue</c>), two updated in place (<c>app</c> with an owner tag, <c>web</c> without one),
/// and a sensitive value of <c>web</c> that changes.
/// </summary>
public sealed class PolicyPlanFixture : IDisposable
{
    private const string Variables = """
        variable "token" {
          type      = string
          sensitive = true
        }

        """;

    public PolicyPlanFixture()
    {
        Workspace = new TerraformWorkspace("policy");
        Workspace.Write("main.tf", Variables + """
            resource "terraform_data" "db_main" {
              input = { tags = { owner = "data" } }
            }

            resource "terraform_data" "legacy_queue" {
              input = { tags = { owner = "platform" } }
            }

            resource "terraform_data" "app" {
              input = { tags = { owner = "payments" }, size = 1 }
            }

            resource "terraform_data" "web" {
              input = { tags = {}, token = var.token, size = 1 }
            }
            """).Apply("-var", "token=first");
        Workspace.Write("main.tf", Variables + """
            resource "terraform_data" "app" {
              input = { tags = { owner = "payments" }, size = 2 }
            }

            resource "terraform_data" "web" {
              input = { tags = {}, token = var.token, size = 2 }
            }
            """);
        PlanJsonPath = Workspace.PlanJson("plan.json", "-var", "token=second");
        Plan = PlanReader.ReadFile(PlanJsonPath);
    }

    public TerraformWorkspace Workspace { get; }

    public string PlanJsonPath { get; }

    public TerraformPlan Plan { get; }

    /// <summary>Writes a policy file into a fresh folder of the workspace and returns its path.</summary>
    public string WritePolicy(string yaml)
    {
        var name = $"policies/{Guid.NewGuid():N}/tollgate.yaml";
        Workspace.Write(name, yaml);
        return Workspace.PathOf(name);
    }

    public void Dispose() => Workspace.Dispose();
}
