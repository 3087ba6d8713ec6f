using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Terraform.Addresses;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// A plan's decision in words: what is destroyed, replaced or forgotten, and whose approvals it has. A module address
/// under review (a <c>rename-suspect</c> module call) is counted as a module rename, not as a resource.
/// </summary>
public sealed class PlanWording : IVerdictWording
{
    private const string Changes = "destroyed, replaced or forgotten";

    private static readonly HashSet<string> ActionRules = [.. ReviewActions.Names.SelectMany(a => ReviewActions.RulesOf(a)!)];

    public string Reason(Decision decision)
    {
        var reviewed = decision.Deciding.All(f => ActionRules.Contains(f.Rule)) ? Changes : "to review";
        var reason = new DefaultWording(reviewed, "nothing is destroyed, replaced or forgotten").Reason(decision);
        var modules = decision.Reviews.Count(r => IsModule(r.Address));
        var counted = $"{Counted.Of(decision.Reviews.Count, "resource")} {reviewed}";
        if (modules == 0 || reviewed != Changes || !reason.StartsWith(counted, StringComparison.Ordinal))
        {
            return reason;
        }

        return Words(decision.Reviews.Count - modules, modules) + reason[counted.Length..];
    }

    /// <summary>"8 resources destroyed, replaced or forgotten, 2 module renames to review".</summary>
    public static string Words(int resources, int modules) =>
        modules == 0 ? $"{Counted.Of(resources, "resource")} {Changes}"
        : resources == 0 ? Counted.Of(modules, "module rename", "module renames") + " to review"
        : $"{Counted.Of(resources, "resource")} {Changes}, {Counted.Of(modules, "module rename", "module renames")} to review";

    /// <summary>True for a module instance's address (<c>module.svc["a"]</c>), which names no resource.</summary>
    public static bool IsModule(string address) =>
        address.StartsWith("module.", StringComparison.Ordinal) && ResourceAddress.Parse(address).ResourceConfig.Length == 0;
}
