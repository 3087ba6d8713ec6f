using System.Text.Json;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Graph;

/// <summary>
/// An approval of a <c>graph</c> or <c>state-split</c> review covers exactly that review: the same configuration,
/// change, limits and owners. Through the real commands and one SQLite ledger per test.
/// </summary>
public sealed class GraphApprovalTests : IDisposable
{
    private readonly TerraformWorkspace _ws = new("cli-graph-approval");

    public GraphApprovalTests()
    {
        _ws.Write("modules/net/main.tf", "resource \"terraform_data\" \"vpc\" {\n  input = \"v\"\n}\n\noutput \"id\" {\n  value = terraform_data.vpc.id\n}\n")
            .Write("modules/app/main.tf", "variable \"vpc\" {}\n\nresource \"terraform_data\" \"svc\" {\n  input = var.vpc\n}\n")
            .Write("main.tf", """
                module "net" {
                  source = "./modules/net"
                }

                module "app" {
                  source = "./modules/app"
                  vpc    = module.net.id
                }

                resource "terraform_data" "shared_config" {
                  input = "c"
                }

                resource "terraform_data" "reader_a" {
                  input = terraform_data.shared_config.id
                }

                resource "terraform_data" "reader_b" {
                  input = terraform_data.shared_config.id
                }
                """)
            .Write("c1", "terraform_data.shared_config\n")
            .Write("c2", "module.net.terraform_data.vpc\n")
            .Write("both", "terraform_data.shared_config\nmodule.net.terraform_data.vpc\n")
            .Write("both-reordered", "# the same set\nmodule.net.terraform_data.vpc\n\nterraform_data.shared_config\n")
            .Write("owners.yaml", "module.net: network\nmodule.app: app\n")
            .Write("owners-moved.yaml", "module.net: platform\nmodule.app: app\n")
            .Write("tags/main.tf", Tagged("app"))
            .Write("net", "terraform_data.net\n")
            .Write("network-approvers.yaml", "approvers:\n  - address: module.net\n    allowed: [bob]\n")
            .Write("radius.yaml", "rules:\n  blast-radius: { severity: high }\n")
            .Write("radius-and-depends-on.yaml", "rules:\n  blast-radius: { severity: high }\n  depends-on: { severity: high }\n");
    }

    /// <summary>Two resources whose owners are their literal owner tags; audit orders itself after net by depends_on only.</summary>
    private static string Tagged(string appOwner) => $$"""
        resource "terraform_data" "net" {
          input = { owner = "networking" }
        }

        resource "terraform_data" "app" {
          input = { owner = "{{appOwner}}", net = terraform_data.net.id }
        }

        resource "terraform_data" "audit" {
          input      = "a"
          depends_on = [terraform_data.net]
        }
        """;

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Graph_ApprovalOfOneChangedSet_DoesNotPassAnother()
    {
        var c1 = await GraphAsync("--changed", "c1", "--max-blast-radius", "0");
        await ApproveAsync(c1.Digest);

        var c2 = await GraphAsync("--changed", "c2", "--max-blast-radius", "0");
        var c1Again = await GraphAsync("--changed", "c1", "--max-blast-radius", "0");

        c1.Verdict.ShouldBe("review");
        c2.Verdict.ShouldBe("review");
        c2.ExitCode.ShouldBe(2);
        c2.Digest.ShouldNotBe(c1.Digest);
        c2.Approvals.ShouldBe(0);
        c1Again.Verdict.ShouldBe("pass");
        c1Again.Approvals.ShouldBe(1);
    }

    [Theory]
    [InlineData("--max-blast-radius", "0")]
    [InlineData("--fan-out", "50")]
    [InlineData("--max-changed", "5")]
    [InlineData("--max-destroyed", "0")]
    public async Task Graph_ApprovalUnderOtherLimits_DoesNotPassTheSameChange(string option, string value)
    {
        var approved = await GraphAsync("--changed", "c1", "--max-blast-radius", "1");
        await ApproveAsync(approved.Digest);

        string[] limits = option == "--max-blast-radius" ? [option, value] : ["--max-blast-radius", "1", option, value];
        var other = await GraphAsync(["--changed", "c1", .. limits]);

        other.Digest.ShouldNotBe(approved.Digest);
        other.Verdict.ShouldBe("review");
        other.Approvals.ShouldBe(0);
    }

    [Fact]
    public async Task Graph_SameInputs_SameDigest()
    {
        var first = await GraphAsync("--changed", "both", "--max-blast-radius", "1");
        var second = await GraphAsync("--changed", "both-reordered", "--max-blast-radius", "1");

        second.Digest.ShouldBe(first.Digest);
        first.Digest.ShouldMatch("^sha256:[0-9a-f]{64}$");
    }

    [Fact]
    public async Task GraphAndStateSplit_SameDirectoryAndOwners_DigestsDiffer()
    {
        var graph = await GraphAsync("--owners", "owners.yaml");
        var split = await StateSplitAsync("owners.yaml");

        split.Verdict.ShouldBe("review");
        split.Digest.ShouldNotBe(graph.Digest);
    }

    [Fact]
    public async Task StateSplit_ApprovalWithOneOwnersFile_DoesNotPassAnother()
    {
        var approved = await StateSplitAsync("owners.yaml");
        await ApproveAsync(approved.Digest);

        var again = await StateSplitAsync("owners.yaml");
        var moved = await StateSplitAsync("owners-moved.yaml");

        again.Verdict.ShouldBe("pass");
        moved.Digest.ShouldNotBe(approved.Digest);
        moved.Verdict.ShouldBe("review");
        moved.Approvals.ShouldBe(0);
    }

    [Fact]
    public async Task Graph_ApprovalOfAStateSplit_DoesNotPassTheGraph()
    {
        var split = await StateSplitAsync("owners.yaml");
        await ApproveAsync(split.Digest);

        var graph = await GraphAsync("--changed", "c2", "--max-blast-radius", "0", "--owners", "owners.yaml");
        var sameArguments = await GraphAsync("--owners", "owners.yaml");

        graph.Verdict.ShouldBe("review");
        graph.Approvals.ShouldBe(0);
        sameArguments.Digest.ShouldNotBe(split.Digest, "the command alone tells the two reviews apart");
    }

    [Fact]
    public async Task StateSplit_ApprovalBeforeAnOwnerTagChanged_DoesNotPassTheNewSplit()
    {
        var tags = Path.Combine(_ws.Directory, "tags");
        var approved = await RunAsync(["state-split", tags]);
        await ApproveAsync(approved.Digest);
        _ws.Write("tags/main.tf", Tagged("payments"));

        var retagged = await RunAsync(["state-split", tags]);

        approved.Verdict.ShouldBe("review");
        retagged.Digest.ShouldNotBe(approved.Digest, "the owners come from literal tags the graph's nodes and edges do not hold");
        retagged.Verdict.ShouldBe("review");
        retagged.Approvals.ShouldBe(0);
    }

    [Fact]
    public async Task Graph_ApprovalUnderAnotherSeverityOverride_DoesNotPassTheNewReview()
    {
        var tags = Path.Combine(_ws.Directory, "tags");
        var approved = await RunAsync(["graph", tags, "--changed", "net", "--policy", "radius.yaml"]);
        await ApproveAsync(approved.Digest);

        var again = await RunAsync(["graph", tags, "--changed", "net", "--policy", "radius.yaml"]);
        var stricter = await RunAsync(["graph", tags, "--changed", "net", "--policy", "radius-and-depends-on.yaml"]);

        approved.Verdict.ShouldBe("review");
        again.Verdict.ShouldBe("pass");
        stricter.Digest.ShouldNotBe(approved.Digest, "depends-on at high asks a question the approval was not given for");
        stricter.Verdict.ShouldBe("review");
        stricter.Approvals.ShouldBe(0);
    }

    [Fact]
    public async Task ApproveDigest_OfAStateSplit_NamesTheBoundariesItReviews()
    {
        var split = await StateSplitAsync("owners.yaml");

        var run = await CliRun.RunAsync(_ws.Directory, "approve", "--digest", split.Digest, "--by", "alice", "--reason", "split agreed");

        split.Verdict.ShouldBe("review");
        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("covers 4 resources of the terraform-state-split report");
        run.Out.ShouldContain(": module.app.terraform_data.svc, module.app, module.net, terraform_data.reader_a");
        run.Out.ShouldNotContain("asks for a review under this policy");
    }

    [Fact]
    public async Task ApproveDigest_OfAStateSplitBySomeoneNotAllowed_SaysItDoesNotCount()
    {
        var split = await RunAsync(["state-split", _ws.Directory, "--owners", "owners.yaml", "--policy", "network-approvers.yaml"]);

        var run = await CliRun.RunAsync(_ws.Directory, "approve", "--digest", split.Digest, "--by", "alice", "--reason", "split agreed", "--policy", "network-approvers.yaml");
        var again = await RunAsync(["state-split", _ws.Directory, "--owners", "owners.yaml", "--policy", "network-approvers.yaml"]);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Error.ShouldContain("alice is not an allowed approver for module.net (allowed: bob)");
        again.Verdict.ShouldBe("review", "the gate does not count alice there either");
    }

    private async Task ApproveAsync(string digest)
    {
        var run = await CliRun.RunAsync(_ws.Directory, "approve", "--digest", digest, "--by", "alice", "--reason", "reviewed the blast radius");
        run.ExitCode.ShouldBe(0, run.Error);
    }

    private Task<Outcome> GraphAsync(params string[] options) => RunAsync(["graph", _ws.Directory, .. options]);

    private Task<Outcome> StateSplitAsync(string owners) => RunAsync(["state-split", _ws.Directory, "--owners", owners]);

    private async Task<Outcome> RunAsync(string[] args)
    {
        var run = await CliRun.RunAsync(_ws.Directory, [.. args, "--format", "json"]);
        run.Error.ShouldBeEmpty();
        var report = JsonDocument.Parse(run.Out).RootElement;
        var approvals = report.TryGetProperty("approvals", out var list) ? list.GetArrayLength() : 0;
        return new Outcome(run.ExitCode, report.GetProperty("verdict").GetString()!, report.GetProperty("digest").GetString()!, approvals);
    }

    private sealed record Outcome(int ExitCode, string Verdict, string Digest, int Approvals);
}
