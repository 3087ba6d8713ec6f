using Tollgate.Terraform.Graph;

namespace Tollgate.Terraform.Tests.Graph;

/// <summary>
/// <c>--changed</c> names configuration addresses: a module stands for every resource in it (nested modules
/// included), an instance address for its resource's node; what the graph does not hold stays as named.
/// </summary>
public sealed class ChangeSetTests
{
    private static readonly DependencyGraph Graph = BuildGraph();

    private static DependencyGraph BuildGraph()
    {
        var builder = new GraphBuilder();
        foreach (var address in (string[])[
            "terraform_data.dns",
            "module.network", "module.network.terraform_data.vpc", "module.network.terraform_data.subnet",
            "module.network.module.zones", "module.network.module.zones.terraform_data.zone", "module.network.module.zones.data.terraform_remote_state.dns",
            "module.network_legacy", "module.network_legacy.terraform_data.old",
            "module.svc", "module.svc.terraform_data.service",
            "module.empty", "module.empty.data.terraform_remote_state.shared",
        ])
        {
            builder.Node(address);
        }

        return builder.Build();
    }

    private static ChangeSet Within(params string[] lines) => ChangeSet.FromLines(lines).Within(Graph);

    [Fact]
    public void Within_Module_IsEveryResourceInItNestedModulesIncluded()
    {
        // Was "module.network." (a trailing dot), an address no graph holds: 0 changed.
        var changes = Within("module.network");

        changes.Changed.ShouldBe(["module.network.module.zones.terraform_data.zone", "module.network.terraform_data.subnet", "module.network.terraform_data.vpc"]);
        changes.Modules.ShouldBe([new ChangedModule("module.network", 3)]);
    }

    [Fact]
    public void Within_NestedModulePath_IsOnlyThatModulesResources()
    {
        var changes = Within("module.network.module.zones");

        changes.Changed.ShouldBe(["module.network.module.zones.terraform_data.zone"]);
        changes.Modules.ShouldBe([new ChangedModule("module.network.module.zones", 1)]);
    }

    [Theory]
    [InlineData("module.svc[0]")]
    [InlineData("module.svc[\"eu.west\"]")]
    public void Within_ModuleInstance_IsTheModuleCallsResources(string line)
    {
        var changes = Within(line);

        changes.Changed.ShouldBe(["module.svc.terraform_data.service"]);
        changes.Modules.ShouldBe([new ChangedModule("module.svc", 1)]);
    }

    [Fact]
    public void Within_ModuleInstanceWithADotInItsKey_IsTheModuleCallsResources()
    {
        // Was split on '.': module.svc["a.b"] read as three steps, no module, and left as named (0 resources).
        var changes = new ChangeSet(["module.svc[\"a.b\"]"], new HashSet<string>()).Within(Graph);

        changes.Changed.ShouldBe(["module.svc.terraform_data.service"]);
        changes.Modules.ShouldBe([new ChangedModule("module.svc", 1)]);
    }

    [Fact]
    public void Within_ModuleAndOneOfItsResources_CountsEachResourceOnce()
    {
        var changes = Within("module.network.terraform_data.vpc", "module.network", "terraform_data.dns", "module.network.module.zones");

        changes.Changed.ShouldBe([
            "module.network.terraform_data.vpc", "module.network.module.zones.terraform_data.zone", "module.network.terraform_data.subnet", "terraform_data.dns"]);
        changes.Modules.Select(m => m.Resources).ShouldBe([3, 1]);
    }

    [Theory]
    [InlineData("module.nope")]
    [InlineData("module.empty")]
    public void Within_ModuleWithNoResources_StaysAsNamedAndIsNotHeld(string line)
    {
        var changes = Within(line, "terraform_data.dns");
        var analysis = new GraphAnalysis(new GraphModel { Graph = Graph }, changes, new GraphThresholds());

        changes.Changed.ShouldBe([line, "terraform_data.dns"]);
        changes.Modules.ShouldBeEmpty();
        analysis.Holds(line).ShouldBeFalse();
        analysis.ChangedNodes.Select(n => Graph.Names[n]).ShouldBe(["terraform_data.dns"]);
    }

    [Theory]
    [InlineData("terraform_data.dns[0]")]
    [InlineData("terraform_data.dns[\"a.b]c\"]")]
    [InlineData("module.svc[\"x\"].terraform_data.service[2]")]
    public void FromLines_InstanceAddress_IsItsResourcesNode(string line)
    {
        var changes = Within(line);
        var analysis = new GraphAnalysis(new GraphModel { Graph = Graph }, changes, new GraphThresholds());

        changes.Modules.ShouldBeEmpty();
        analysis.ChangedNodes.Count.ShouldBe(1);
        analysis.Holds(changes.Changed[0]).ShouldBeTrue();
    }

    [Theory]
    [InlineData("module.svc[0", "module.svc[0")]
    [InlineData("module.", "module.")]
    [InlineData("\"terraform_data.dns\"", "\"terraform_data.dns\"")]
    [InlineData("-target=terraform_data.dns", "-target=terraform_data.dns")]
    [InlineData("module.svc[0]]", "module.svc[0]]")]
    [InlineData("terraform_data.dns[k]", "terraform_data.dns[k]")]
    [InlineData("module.network.module", "module.network.module")]
    public void FromLines_NotAnAddress_IsRefusedAtItsLine(string line, string shown)
    {
        // Was read leniently: module.svc[0 as module.svc, module.svc[0]] as "module.svc]", a quoted address as nothing.
        var refusal = Should.Throw<Tollgate.Domain.InvalidInputException>(() => ChangeSet.FromLines(["# list", "terraform_data.dns", line], "--changed c.txt"));

        refusal.Message.ShouldBe($"--changed c.txt:3: not a resource or module address: {shown} (expected aws_x.y, data.aws_x.y or module.name, keys as [0] or [\"k\"])");
    }

    [Theory]
    [InlineData("data.terraform_remote_state.dns")]
    [InlineData("module.my-net.module.b[\"a]b\\\"c\"].aws_x.y[3]")]
    [InlineData("module.k[\"eu.west\"]")]
    [InlineData("  module.network  ")]
    public void FromLines_Address_IsRead(string line)
    {
        ChangeSet.FromLines([line]).Changed.Count.ShouldBe(1);
    }
}
