using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// What a plan's configuration blocks stand for in objects (instances): a block with <c>count = 150</c> is one node of
/// the graph and 150 objects terraform creates, changes or destroys. The blast-radius limits and counts are on objects
/// when a plan gives them; a graph alone (DOT, a directory, <c>--changed</c>) has no instances and counts each block once.
/// </summary>
public sealed class PlanObjects
{
    private readonly Dictionary<string, int> _after = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _touched = new(StringComparer.Ordinal);

    private PlanObjects()
    {
    }

    /// <summary>The managed objects the plan changes (no-ops not counted): what <c>maxChanged</c> is checked against.</summary>
    public int Changed { get; private init; }

    /// <summary>The managed objects the plan deletes, replaced ones included: what <c>maxDestroyed</c> is checked against.</summary>
    public int Destroyed { get; private init; }

    /// <summary>
    /// How many objects of the block at <paramref name="address"/> exist once the plan is applied (replaced ones count,
    /// destroyed ones do not): what depends on a change. A block the plan destroys entirely counts 0, so a destroy plan
    /// does not count, as left behind, dependents it destroys as well.
    /// </summary>
    public int After(string address) => _after.GetValueOrDefault(address);

    /// <summary>How many objects of the block the plan can touch: those before it, after it, or changed by it (at least 1).</summary>
    public int Touched(string address) => Math.Max(1, _touched.GetValueOrDefault(address));

    public static PlanObjects Of(TerraformPlan plan)
    {
        var changed = 0;
        var destroyed = 0;
        var created = new Dictionary<string, int>(StringComparer.Ordinal);
        var gone = new Dictionary<string, int>(StringComparer.Ordinal);
        var touched = new Dictionary<string, int>(StringComparer.Ordinal);
        // The objects the plan keeps or makes (no-op, update, replace, create): a floor for the count after it, so a plan
        // without prior_state (hand-made, filtered) never weighs an updated or unchanged block as none.
        var kept = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var change in plan.Changes.Where(c => c.IsManaged))
        {
            var address = change.ConfigAddress;
            var leaves = (change.Actions.Deletes || change.Actions.Forgets) && !change.Actions.Creates;
            if (change.Deposed is null && !leaves)
            {
                kept[address] = kept.GetValueOrDefault(address) + 1;
            }

            if (change.Actions.IsNoOp)
            {
                continue;
            }

            changed++;
            touched[address] = touched.GetValueOrDefault(address) + 1;
            destroyed += change.Actions.Deletes ? 1 : 0;
            if (change.Deposed is not null)
            {
                continue;
            }

            if (leaves)
            {
                gone[address] = gone.GetValueOrDefault(address) + 1;
            }
            else if (change.Actions.IsPureCreate)
            {
                created[address] = created.GetValueOrDefault(address) + 1;
            }
        }

        var objects = new PlanObjects { Changed = changed, Destroyed = destroyed };
        foreach (var address in plan.PriorInstances.Keys.Concat(kept.Keys).Concat(gone.Keys).Distinct(StringComparer.Ordinal))
        {
            var before = plan.PriorInstances.GetValueOrDefault(address);
            var after = Math.Max(kept.GetValueOrDefault(address), Math.Max(0, before - gone.GetValueOrDefault(address)) + created.GetValueOrDefault(address));
            objects._after[address] = after;
            objects._touched[address] = Math.Max(Math.Max(before, after), touched.GetValueOrDefault(address));
        }

        return objects;
    }
}
