using Tollgate.Terraform.Graph;
using Tollgate.Terraform.Graph.Config;
using Tollgate.Terraform.Graph.Dot;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Graph;

/// <summary>
/// The graph Tollgate builds from the <c>.tf</c> files alone orders the same resources as the real
/// <c>terraform graph</c> (both dialects) on the examples and on configurations that use what the plan JSON hides:
/// locals, dynamic blocks, for_each and count, module outputs passed through modules, data sources,
/// <c>replace_triggered_by</c>.
/// </summary>
public sealed class HclMatchesTerraformGraphTests
{
    public static TheoryData<string> Examples => new() { "graph-teams", "rename", "replace-chain" };

    [Theory]
    [MemberData(nameof(Examples))]
    public void HclGraph_Example_HasTerraformGraphsClosure(string example)
    {
        using var ws = new TerraformWorkspace("hcl-" + example);
        Copy(Path.Combine(AppContext.BaseDirectory, "Examples", example), ws.Directory);

        AssertSameClosure(ws);
    }

    [Fact]
    public void HclGraph_LocalsDynamicForEachModulesAndDataSources_HasTerraformGraphsClosure()
    {
        using var ws = new TerraformWorkspace("hcl-rich");
        ws.Write("modules/net/main.tf", """
            variable "cidr" {}
            variable "zones" { type = set(string) }

            resource "terraform_data" "vpc" {
              input = var.cidr
            }

            resource "terraform_data" "subnet" {
              for_each = var.zones
              input    = "${terraform_data.vpc.id}-${each.key}"
            }

            output "subnet_ids" {
              value = [for s in terraform_data.subnet : s.id]
            }
            """);
        ws.Write("modules/wrapper/main.tf", """
            variable "zones" { type = set(string) }

            module "net" {
              source = "../net"
              cidr   = "10.0.0.0/16"
              zones  = var.zones
            }

            output "first_subnet" {
              value = module.net.subnet_ids[0]
            }
            """);
        ws.Write("main.tf", """
            locals {
              zones  = toset(["a", "b"])
              prefix = "svc-${terraform_data.seed.id}"
              name   = "${local.prefix}-main"
            }

            resource "terraform_data" "seed" {
              input = "seed"
            }

            module "wrapper" {
              source = "./modules/wrapper"
              zones  = local.zones
            }

            data "terraform_remote_state" "shared" {
              backend = "local"
              config = {
                path = "${path.module}/shared.tfstate"
              }
              defaults = {
                label = local.name
              }
            }

            resource "terraform_data" "app" {
              count = 2
              input = {
                subnet = module.wrapper.first_subnet
                label  = data.terraform_remote_state.shared.outputs.label
              }
            }

            resource "terraform_data" "rules" {
              dynamic "connection" {
                for_each = terraform_data.app
                content {
                  host = connection.value.id
                }
              }

              lifecycle {
                replace_triggered_by = [terraform_data.seed]
              }
            }

            resource "terraform_data" "audit" {
              input      = local.name
              depends_on = [module.wrapper]
            }
            """);

        var hcl = AssertSameClosure(ws);

        hcl.ShouldContain(("terraform_data.rules", "terraform_data.app"), "through the dynamic block");
        hcl.ShouldContain(("terraform_data.audit", "module.wrapper.module.net.terraform_data.vpc"), "through depends_on on a module");
        hcl.ShouldContain(("terraform_data.audit", "terraform_data.seed"), "through two locals");
        hcl.ShouldContain(("terraform_data.app", "module.wrapper.module.net.terraform_data.subnet"), "through outputs of nested modules");
    }

    [Fact]
    public void HclGraph_VariablesWhoseValidationsReadResources_HasTerraformGraphsClosure()
    {
        // Before: validation blocks were not read, so a resource reading var.size was not ordered after the
        // resources size's validation reads, where terraform orders it so ("var.size (validation)").
        using var ws = new TerraformWorkspace("hcl-validation");
        ws.Write("main.tf", """
            variable "size" {
              default = 1
              validation {
                condition     = var.size < length(terraform_data.limit.output)
                error_message = "size over ${local.label}"
              }
            }

            locals {
              label = terraform_data.label.id
            }

            resource "terraform_data" "limit" {
              input = "limits"
            }

            resource "terraform_data" "label" {
              input = "label"
            }

            resource "terraform_data" "app" {
              input = var.size
            }

            module "db" {
              source = "./db"
              name   = "orders"
            }
            """).Write("db/main.tf", """
            variable "name" {
              validation {
                condition     = var.name != terraform_data.reserved.output
                error_message = "reserved"
              }
            }

            resource "terraform_data" "reserved" {
              input = "admin"
            }

            resource "terraform_data" "db" {
              input = var.name
            }
            """);

        var hcl = AssertSameClosure(ws);

        hcl.ShouldContain(("terraform_data.app", "terraform_data.limit"), "through the condition of size's validation");
        hcl.ShouldContain(("terraform_data.app", "terraform_data.label"), "through a local its error message reads");
        hcl.ShouldContain(("module.db.terraform_data.db", "module.db.terraform_data.reserved"), "through a module variable's validation");
    }

    /// <summary>Runs init and both graph dialects; asserts each has the HCL graph's closure and returns it.</summary>
    private static List<(string From, string To)> AssertSameClosure(TerraformWorkspace ws)
    {
        ws.Run(["init", "-input=false", "-no-color"]);
        var hcl = GraphClosure.Of(new GraphAssembler { Config = HclConfigLoader.Load(ws.Directory) }.Build().Graph);
        var simplified = GraphClosure.Of(new GraphAssembler { Dot = DotReader.Read(ws.Run(["graph"]), "terraform graph") }.Build().Graph);
        var verbose = GraphClosure.Of(new GraphAssembler { Dot = DotReader.Read(ws.Run(["graph", "-type=plan"]), "terraform graph -type=plan") }.Build().Graph);

        hcl.ShouldNotBeEmpty();
        hcl.Except(simplified).ShouldBeEmpty("ordered by the HCL graph but not by terraform graph");
        simplified.Except(hcl).ShouldBeEmpty("ordered by terraform graph but not by the HCL graph");
        verbose.ShouldBe(simplified);
        return hcl;
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
