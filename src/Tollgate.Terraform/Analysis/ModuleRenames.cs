using Tollgate.Terraform.Addresses;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// A renamed or moved module call (<c>module "l1"</c> → <c>module "net"</c>, or a call moved into another module), or
/// a module instance whose key changed (<c>module.svc["a"]</c> → <c>module.svc["b"]</c>): every managed object under
/// the old instance is destroyed while a call the configuration has creates the same objects (the same addresses
/// inside it) under the new one, and at least one of them is a rename by its inputs (<see cref="RenameDetector"/>).
/// When the old instance's call is still configured (a changed key), the prior state must show that the destroys are
/// all it holds and that the new instance holds nothing yet: the plan lists no unchanged object, so only the state
/// tells whether the old key keeps some. One <c>moved</c> block for the module then keeps them all, nested modules included,
/// where one block per resource keeps only those whose inputs could be compared: the others' inputs derive from
/// objects the plan re-creates, so they are unknown and nothing pairs them until the next plan.
/// </summary>
internal static class ModuleRenames
{
    /// <summary><paramref name="matches"/> with the resource renames a module's rename covers replaced by that one.</summary>
    public static IReadOnlyList<RenameMatch> Collapse(TerraformPlan plan, IReadOnlyList<RenameMatch> matches)
    {
        var moved = new List<RenameMatch>();
        var calls = plan.Configuration.ModuleCalls.Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        var tried = new HashSet<(string, string)>(); // each pair of modules is compared once, however many renames it holds
        foreach (var match in matches)
        {
            if (moved.Any(m => Under(match.From, m.From) || Under(match.To, m.To)) || Prefixes(match) is not ({ } from, { } to)
                || !tried.Add((from, to))
                || !calls.Contains(ResourceAddress.ModuleConfigOf(to)))
            {
                continue;
            }

            var keyChanged = calls.Contains(ResourceAddress.ModuleConfigOf(from));
            var objects = Inside(plan, from, pureDelete: true);
            if (objects is { Count: > 0 } && Inside(plan, to, pureDelete: false) is { } created && objects.SetEquals(created)
                && Vacated(plan, from, to, objects.Count, keyChanged))
            {
                moved.Add(new RenameMatch(from, to, "module", match.Similarity, match.MatchingAttributes, match.ComparedAttributes)
                {
                    Objects = objects.Count,
                    Witness = match.From,
                });
            }
        }

        return moved.Count == 0
            ? matches
            : [.. matches.Where(r => !moved.Any(m => Under(r.From, m.From) || Under(r.To, m.To))).Concat(moved).OrderBy(m => m.From, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The module instances the pair moves between: the two addresses without the longest tail they share (module
    /// steps, then the resource), leaving at least one module step on the destroyed side. Null when the resource part
    /// differs or the destroyed one is in the root module.
    /// </summary>
    private static (string From, string To)? Prefixes(RenameMatch match)
    {
        var (from, to) = (ResourceAddress.Parse(match.From), ResourceAddress.Parse(match.To));
        if (from.Resource != to.Resource || ResourceAddress.ModuleSteps(from.Module) is not { Count: > 0 } fromSteps)
        {
            return null;
        }

        var toSteps = ResourceAddress.ModuleSteps(to.Module);
        var shared = 0;
        while (shared < fromSteps.Count - 1 && shared < toSteps.Count && fromSteps[^(shared + 1)] == toSteps[^(shared + 1)])
        {
            shared++;
        }

        return toSteps.Count - shared == 0
            ? null // the created object is in a module the destroyed one's is inside of: not a move of a whole module
            : (string.Join('.', fromSteps.Take(fromSteps.Count - shared)), string.Join('.', toSteps.Take(toSteps.Count - shared)));
    }

    /// <summary>
    /// The addresses inside <paramref name="module"/> (after its prefix) of its managed objects, when every one of them
    /// is destroyed (<paramref name="pureDelete"/>) or created; null when one is not.
    /// </summary>
    private static HashSet<string>? Inside(TerraformPlan plan, string module, bool pureDelete)
    {
        var inside = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in plan.Changes)
        {
            if (!change.IsManaged || !Under(change.Address, module))
            {
                continue;
            }

            if (change.Deposed is not null || !(pureDelete ? change.Actions.IsPureDelete : change.Actions.IsPureCreate))
            {
                return null;
            }

            inside.Add(change.Address[(module.Length + 1)..]);
        }

        return inside;
    }

    /// <summary>
    /// Whether the prior state agrees: the old instance holds exactly the <paramref name="destroyed"/> objects and the
    /// new one none. Without a prior state to count, only a call the configuration no longer has is taken as moved.
    /// </summary>
    private static bool Vacated(TerraformPlan plan, string from, string to, int destroyed, bool keyChanged) =>
        plan.PriorObjectsUnder is { } prior
            ? prior.GetValueOrDefault(from) == destroyed && prior.GetValueOrDefault(to) == 0
            : !keyChanged;

    private static bool Under(string address, string module) =>
        address.Length > module.Length + 1 && address[module.Length] == '.' && address.StartsWith(module, StringComparison.Ordinal);
}
