using System.Text;
using Tollgate.Terraform.Graph;
using Tollgate.Terraform.Plan;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Plan;

/// <summary>The plan reader's one pass gathers the same prior state identities as a separate <see cref="StateFacts.ReadFile"/> pass.</summary>
public sealed class PriorStateIdentitiesTests
{
    private const string NetModule = """
        resource "terraform_data" "vpc" {
          count = 2
          input = { name = "vpc-main-${count.index}", Owner = "networking", cidr = "10.0.0.0/16" }
        }

        output "id" {
          value = terraform_data.vpc[0].id
        }
        """;

    private const string Root = """
        module "net" {
          source = "./modules/net"
        }

        resource "terraform_data" "db" {
          input = { name = "orders-db", team = "data", nested = { owner = "not-a-tag" } }
        }

        resource "terraform_data" "queue" {
          for_each = toset(["a.b", "c"])
          input    = "queue-${each.key}-long"
        }

        resource "terraform_data" "app" {
          input = module.net.id
        }
        """;

    [Fact]
    public void Read_RealPlanWithPriorState_IdentitiesEqualStateFactsReadFile()
    {
        using var ws = new TerraformWorkspace("identities");
        ws.Write("modules/net/main.tf", NetModule).Write("main.tf", Root).Apply();
        ws.Write("main.tf", Root.Replace("orders-db", "orders-db-2", StringComparison.Ordinal));
        var planJson = ws.PlanJson();
        var bytes = File.ReadAllBytes(planJson);

        var separate = StateFacts.ReadFile(planJson);
        var plans = new[] { 1 << 20, 512, 97 }.Select(size => PlanReader.Read(new MemoryStream(bytes), "plan.json", size)).ToList();

        separate.Count.ShouldBeGreaterThanOrEqualTo(7); // ids of 2 vpcs, db, 2 queues, app, and their names/outputs
        separate.OwnerTags["module.net.terraform_data.vpc"].ShouldBe("networking");
        separate.OwnerTags["terraform_data.db"].ShouldBe("data");
        separate.Owners(DbId(ws)).ShouldBe([("terraform_data.db", "id")]);
        foreach (var plan in plans)
        {
            plan.Identities.Entries.ToList().ShouldBe(separate.Entries.ToList());
            plan.Identities.OwnerTags.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList()
                .ShouldBe(separate.OwnerTags.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList());
        }
    }

    [Fact]
    public void Read_ValuesBeforeAddressAndWrappedTags_SameAsStateFacts()
    {
        // Not terraform's member order (address first), and a state-style wrapped input: both still read alike.
        var json = """
            {"format_version":"1.2","terraform_version":"1.11.4","resource_changes":[],
             "prior_state":{"values":{"root_module":{"resources":[
               {"values":{"id":"first-identity","input":{"value":{"owner":"wrapped-team"},"type":"object"},"tags":{"Team":"ignored-then","owner":"direct-owner"}},"address":"terraform_data.a[\"x.y\"]"},
               {"address":"terraform_data.b","values":{"vpc_id":"first-identity","arn":"arn:aws:x:1","tags":{"value":"not-an-object","team":"plain"}}}
             ],"child_modules":[{"address":"module.m","resources":[
               {"address":"module.m.terraform_data.c[0]","values":{"self_link":"https://example/c","labels":{"\u006fwner":"escaped"}}}]}]}}}}
            """;
        var path = Path.Combine(Path.GetTempPath(), $"tollgate-identities-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            var plan = PlanReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "plan.json", 64);
            var separate = StateFacts.ReadFile(path);

            plan.Identities.Entries.ToList().ShouldBe(separate.Entries.ToList());
            plan.Identities.OwnerTags.ShouldBe(separate.OwnerTags, ignoreOrder: true);
            plan.Identities.Owners("first-identity").ShouldBe([("terraform_data.a", "id"), ("terraform_data.b", "vpc_id")]);
            plan.Identities.OwnerTags["terraform_data.a"].ShouldBe("direct-owner");
            plan.Identities.OwnerTags["terraform_data.b"].ShouldBe("plain");
            plan.Identities.OwnerTags["module.m.terraform_data.c"].ShouldBe("escaped");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string DbId(TerraformWorkspace ws)
    {
        using var state = System.Text.Json.JsonDocument.Parse(File.ReadAllText(ws.PathOf("terraform.tfstate")));
        return state.RootElement.GetProperty("resources").EnumerateArray()
            .Single(r => r.GetProperty("name").GetString() == "db")
            .GetProperty("instances")[0].GetProperty("attributes").GetProperty("id").GetString()!;
    }
}
