using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// Creates in address order with a shared "next one not taken" pointer: taken creates stay taken, so every delete
/// walking the list skips each of them once in all (path compression), not once per delete.
/// </summary>
internal sealed class TierList(List<ResourceChange> items)
{
    private int[]? _next;

    public List<ResourceChange> Items { get; } = items;

    /// <summary>The first position from <paramref name="position"/> whose create is not taken (<see cref="Items"/>' count when none).</summary>
    public int Free(int position, HashSet<ResourceChange> used)
    {
        _next ??= [.. Enumerable.Range(1, Items.Count)];
        var root = position;
        while (root < Items.Count && used.Contains(Items[root]))
        {
            root = _next[root];
        }

        while (position < root)
        {
            var next = _next[position];
            _next[position] = root;
            position = next;
        }

        return root;
    }
}
