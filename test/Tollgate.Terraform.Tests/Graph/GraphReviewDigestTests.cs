using Microsoft.Extensions.Time.Testing;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Terraform.Graph;
using Tollgate.Terraform.GraphRules;
using Tollgate.Terraform.Graph.StateSplit;

namespace Tollgate.Terraform.Tests.Graph;

/// <summary>
/// The digest graph and state-split approvals bind to changes with everything the verdict is decided on, and with
/// nothing else: an approval covers only the exact review it was given for.
/// </summary>
public sealed class GraphReviewDigestTests
{
    private const string Input = "sha256:0000000000000000000000000000000000000000000000000000000000000001";

    private static readonly GraphModel Model = BuildModel();

    private static GraphModel BuildModel()
    {
        var builder = new GraphBuilder();
        var shared = builder.Node("terraform_data.shared");
        var vpc = builder.Node("module.network.terraform_data.vpc");
        builder.Edge(builder.Node("terraform_data.app"), shared, EdgeKind.Reference);
        builder.Edge(builder.Node("terraform_data.db"), vpc, EdgeKind.Reference);
        return new GraphModel { Graph = builder.Build() };
    }

    private static string Digest(
        ChangeSet? changes = null,
        GraphThresholds? limits = null,
        OwnerMap? owners = null,
        string kind = GraphGate.Kind,
        string input = Input,
        bool terraformGraph = false,
        IReadOnlyList<Finding>? reviewing = null) =>
        GraphReviewDigest.Of(kind, input, new GraphAnalysis(Model, changes ?? Changed("terraform_data.shared"), limits ?? new GraphThresholds { MaxBlastRadius = 1 }), owners ?? OwnerMap.None, terraformGraph, reviewing ?? []);

    private static ChangeSet Changed(params string[] addresses) => ChangeSet.FromLines(addresses);

    [Fact]
    public void Of_SameInputs_SameDigest()
    {
        var first = Digest(Changed("terraform_data.shared", "module.network.terraform_data.vpc"));
        var again = Digest(Changed("module.network.terraform_data.vpc", "terraform_data.shared", "terraform_data.shared"));

        first.ShouldBe(again);
        first.ShouldMatch("^sha256:[0-9a-f]{64}$");
    }

    [Fact]
    public void Of_AnotherChangedSet_AnotherDigest()
    {
        Digest(Changed("terraform_data.shared")).ShouldNotBe(Digest(Changed("module.network.terraform_data.vpc")));
        Digest(Changed("terraform_data.shared")).ShouldNotBe(Digest(Changed("terraform_data.shared", "module.network.terraform_data.vpc")));
        Digest(Changed("terraform_data.shared")).ShouldNotBe(Digest(ChangeSet.None));
    }

    [Fact]
    public void Of_ADestroyedAddress_AnotherDigest()
    {
        var updated = new ChangeSet(["terraform_data.shared"], new HashSet<string>());
        var destroyed = new ChangeSet(["terraform_data.shared"], new HashSet<string> { "terraform_data.shared" });

        Digest(updated).ShouldNotBe(Digest(destroyed));
    }

    [Fact]
    public void Of_EachLimit_ChangesTheDigest()
    {
        var limits = new GraphThresholds { MaxBlastRadius = 1 };
        GraphThresholds[] others =
        [
            limits with { MaxBlastRadius = 2 },
            limits with { MaxBlastRadius = null },
            limits with { FanOut = 99 },
            limits with { MaxChanged = 1 },
            limits with { MaxDestroyed = 1 },
            limits with { Parallelism = 20 },
            limits with { Top = 5 },
        ];

        var digests = others.Select(o => Digest(limits: o)).Append(Digest(limits: limits)).ToList();

        digests.Distinct().Count().ShouldBe(others.Length + 1);
    }

    [Fact]
    public void Of_GraphAndStateSplitKinds_Differ()
    {
        Digest(kind: GraphGate.Kind).ShouldNotBe(Digest(kind: StateSplitGate.Kind));
    }

    [Fact]
    public void Of_AnotherInputOrTerraformGraph_AnotherDigest()
    {
        Digest(input: "sha256:" + new string('2', 64)).ShouldNotBe(Digest());
        Digest(terraformGraph: true).ShouldNotBe(Digest());
    }

    [Fact]
    public void Of_OwnersEntries_BindTheDigestButNotTheirMapOrder()
    {
        var network = new OwnerMap("owners.yaml", [], [("module.network", "networking"), ("*", "app")]);
        var reordered = new OwnerMap("team-owners.yaml", [], [("*", "app"), ("module.network", "networking")]);
        var otherTeam = new OwnerMap("owners.yaml", [], [("module.network", "platform"), ("*", "app")]);
        var codeOwners = new OwnerMap("CODEOWNERS", [("/modules/network/", "@acme/net"), ("*", "@acme/app")], []);
        var codeOwnersReversed = new OwnerMap("CODEOWNERS", [("*", "@acme/app"), ("/modules/network/", "@acme/net")], []);

        Digest(owners: network).ShouldBe(Digest(owners: reordered));
        Digest(owners: network).ShouldNotBe(Digest(owners: otherTeam));
        Digest(owners: network).ShouldNotBe(Digest());
        // The last matching CODEOWNERS line wins: reversing the lines changes who owns what.
        Digest(owners: codeOwners).ShouldNotBe(Digest(owners: codeOwnersReversed));
    }

    private static readonly Finding Radius = new("blast-radius", Severity.High, "terraform_data.shared", "terraform_data.shared changes: 1 resource depends on it transitively")
    {
        Related = ["terraform_data.app"],
    };

    [Fact]
    public void Of_TheReviewFindings_BindTheDigestButNotTheirOrder()
    {
        var split = new Finding("state-split", Severity.Info, "state", "state \"app\": 1 resource");

        Digest(reviewing: [Radius, split]).ShouldBe(Digest(reviewing: [split, Radius]));
        Digest(reviewing: [Radius]).ShouldNotBe(Digest());
        Digest(reviewing: [Radius]).ShouldNotBe(Digest(reviewing: [Radius, split]));
        Digest(reviewing: [Radius]).ShouldNotBe(Digest(reviewing: [Radius with { Severity = Severity.Critical }]));
        Digest(reviewing: [Radius]).ShouldNotBe(Digest(reviewing: [Radius with { Message = "terraform_data.shared changes: 2 resources depend on it transitively" }]));
        Digest(reviewing: [Radius]).ShouldNotBe(Digest(reviewing: [Radius with { Related = ["terraform_data.db"] }]));
    }

    [Fact]
    public void BoundReview_IsWhatThePipelineDecidedUnderThePolicy()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var info = Radius with { Severity = Severity.Info };
        var raised = Policy.Default with { Rules = new Dictionary<string, RuleSettings> { ["blast-radius"] = new() { Severity = Severity.High } } };
        var excepted = raised with { Exceptions = [new PolicyException("blast-radius", "terraform_data.*", "flagged", "app", new DateOnly(2026, 12, 31))] };
        var expired = raised with { Exceptions = [new PolicyException("blast-radius", "terraform_data.*", "flagged", "app", new DateOnly(2026, 11, 25))] };

        IReadOnlyList<Finding> Bound(Finding finding, Policy policy)
        {
            IReadOnlyList<Finding>? seen = null;
            var evidence = new Evidence(GraphGate.Kind, "x", Input, [finding])
            {
                Rules = GraphRuleSet.Registrations,
                BindReview = reviewing => { seen = reviewing; return Digest(reviewing: reviewing); },
            };
            var report = GatePipeline.Judge(evidence, policy, [], clock);
            report.Digest.ShouldBe(Digest(reviewing: seen!)); // the report carries the bound digest
            return seen!;
        }

        Bound(info, Policy.Default).ShouldBeEmpty();
        Bound(info, raised).ShouldHaveSingleItem().Severity.ShouldBe(Severity.High);
        Bound(info, excepted).ShouldBeEmpty();
        Bound(info, expired).ShouldHaveSingleItem();
        Bound(info, Policy.Default with { ReviewOn = ["blast-radius"] }).ShouldHaveSingleItem();
        Bound(Radius, Policy.Default with { Rules = new Dictionary<string, RuleSettings> { ["blast-radius"] = new() { Enabled = false } } }).ShouldBeEmpty();
    }

    [Fact]
    public void GraphDigest_WhyAnEdgeExists_IsPartOfTheGraph()
    {
        static string Graph(EdgeKind kind)
        {
            var builder = new GraphBuilder();
            builder.Edge(builder.Node("terraform_data.app"), builder.Node("terraform_data.shared"), kind);
            return GraphLoader.Digest(builder.Build());
        }

        Graph(EdgeKind.Reference).ShouldBe(Graph(EdgeKind.Reference));
        Graph(EdgeKind.Reference).ShouldNotBe(Graph(EdgeKind.DependsOn));
        Graph(EdgeKind.DependsOn).ShouldNotBe(Graph(EdgeKind.DependsOn | EdgeKind.Reference));
    }
}
