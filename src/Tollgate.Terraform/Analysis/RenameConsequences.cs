using Tollgate.Terraform.Addresses;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// The replacements a missing <c>moved</c> block causes: an object replaced because an attribute that forces it is
/// unknown until apply, where that attribute refers (directly or through module outputs) to the object a rename
/// creates. Once the block is added the value is the kept object's, known, and the replacement goes away with it.
/// The plan's replacements are read once (<see cref="Index"/>), each forcing reference resolved once, and kept by
/// the configuration address it reads, so a plan of N renames costs N look-ups, not N passes over the plan.
/// </summary>
public sealed class RenameConsequences
{
    private const int MaxOutputDepth = 16;

    /// <summary>Per replaced change (plan order), its forcing (attribute, reference, resolved address) in the order they are tried.</summary>
    private readonly List<(ResourceChange Change, List<(string Attribute, string Reference, string Target)> Reads)> _replaced = [];

    /// <summary>Per resolved address, the first (attribute, reference) of each replaced change that reads it, in plan order.</summary>
    private readonly Dictionary<string, List<Consequence>> _byTarget = new(StringComparer.Ordinal);

    private RenameConsequences()
    {
    }

    /// <summary>A replaced object, the attribute that forces it, and the reference in it that leads to the renamed object.</summary>
    public sealed record Consequence(string Address, string Attribute, string Reference);

    /// <summary>How many (change, attribute) pairs <see cref="Of"/> has looked at: a count for tests that it does not walk the plan per rename.</summary>
    internal long Visited { get; private set; }

    /// <summary>The plan's replacements whose forcing attribute is unknown and refers to a resource, indexed by what they read.</summary>
    public static RenameConsequences Index(TerraformPlan plan)
    {
        var index = new RenameConsequences();
        foreach (var change in plan.Changes)
        {
            if (!change.IsManaged || !change.Actions.Replaces || plan.Configuration.Find(change.ConfigAddress) is not { } config)
            {
                continue;
            }

            var reads = new List<(string, string, string)>();
            var first = new HashSet<string>(StringComparer.Ordinal);
            foreach (var attribute in change.ReplacePaths.Where(p => p.Count > 0).Select(p => p[0]).Distinct(StringComparer.Ordinal))
            {
                if (!JsonValues.HoldsUnknown(change.AfterUnknown, attribute) || !config.References.TryGetValue(attribute, out var references))
                {
                    continue;
                }

                foreach (var reference in references)
                {
                    foreach (var target in Resolve(plan, config.ModulePath, reference, 0))
                    {
                        reads.Add((attribute, reference, target));
                        if (first.Add(target))
                        {
                            if (!index._byTarget.TryGetValue(target, out var list))
                            {
                                index._byTarget[target] = list = [];
                            }

                            list.Add(new Consequence(change.Address, attribute, reference));
                        }
                    }
                }
            }

            if (reads.Count > 0)
            {
                index._replaced.Add((change, reads));
            }
        }

        return index;
    }

    /// <summary>The replacements <paramref name="match"/>'s moved block would avoid, in plan order.</summary>
    public IReadOnlyList<Consequence> Of(RenameMatch match)
    {
        var target = ResourceAddress.ConfigOf(match.To);
        if (match.Witness is null)
        {
            // The first forcing attribute (then reference) of each change that reads the created block: as listed at its address.
            Visited++;
            return _byTarget.GetValueOrDefault(target) ?? (IReadOnlyList<Consequence>)[];
        }

        // A module's rename: anything read inside the new module counts, so the replaced changes are walked (few per module).
        var module = ResourceAddress.ModuleConfigOf(match.To) + ".";
        var found = new List<Consequence>();
        foreach (var (change, reads) in _replaced)
        {
            Visited++;
            foreach (var (attribute, reference, address) in reads)
            {
                if (address == target || address.StartsWith(module, StringComparison.Ordinal))
                {
                    found.Add(new Consequence(change.Address, attribute, reference));
                    break;
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The configuration addresses of the resources a module-relative reference in <paramref name="modulePath"/>
    /// reads: a resource's own, or those a called module's output refers to.
    /// </summary>
    private static IEnumerable<string> Resolve(TerraformPlan plan, string modulePath, string reference, int depth)
    {
        var parts = reference.Split('.');
        var prefix = modulePath.Length == 0 ? "" : modulePath + ".";
        if (parts[0] == "module" && parts.Length >= 3 && depth < MaxOutputDepth)
        {
            var call = prefix + "module." + Bare(parts[1]);
            if (plan.Configuration.OutputReferences.TryGetValue(call + ".output." + Bare(parts[2]), out var inner))
            {
                foreach (var address in inner.SelectMany(r => Resolve(plan, call, r, depth + 1)))
                {
                    yield return address;
                }
            }
        }
        else if (parts.Length >= 2 && parts[0] is not ("var" or "local" or "data" or "each" or "count" or "path" or "self" or "terraform" or "module"))
        {
            yield return prefix + parts[0] + "." + Bare(parts[1]);
        }
    }

    private static string Bare(string step) => step.IndexOf('[', StringComparison.Ordinal) is var i and >= 0 ? step[..i] : step;
}
