using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// The configuration addresses a change touches, and which of them it destroys (delete or replace): from a plan's
/// <c>resource_changes</c> or from a list given with <c>--changed</c>.
/// </summary>
public sealed record ChangeSet(IReadOnlyList<string> Changed, IReadOnlySet<string> Destroyed)
{
    public static ChangeSet None { get; } = new([], new HashSet<string>());

    public bool IsEmpty => Changed.Count == 0;

    public static ChangeSet FromPlan(TerraformPlan plan)
    {
        var changed = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var destroyed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in plan.Changes.Where(c => c.IsManaged && !c.Actions.IsNoOp))
        {
            var address = change.ConfigAddress;
            if (seen.Add(address))
            {
                changed.Add(address);
            }

            if (change.Actions.Deletes)
            {
                destroyed.Add(address);
            }
        }

        return new ChangeSet(changed, destroyed);
    }

    /// <summary>Addresses one per line (instance keys allowed; blank lines and <c>#</c> comments ignored).</summary>
    public static ChangeSet FromLines(IEnumerable<string> lines)
    {
        var changed = lines
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => Addresses.ResourceAddress.Parse(l).Config)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new ChangeSet(changed, new HashSet<string>());
    }
}
