using System.Text.Json;
using Tollgate.Terraform.Addresses;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// The replacements a missing <c>moved</c> block causes: an object replaced because an attribute that forces it is
/// unknown until apply, where that attribute refers (directly or through module outputs) to the object a rename
/// creates. Once the block is added the value is the kept object's, known, and the replacement goes away with it.
/// </summary>
public static class RenameConsequences
{
    private const int MaxOutputDepth = 16;

    /// <summary>A replaced object, the attribute that forces it, and the reference in it that leads to the renamed object.</summary>
    public sealed record Consequence(string Address, string Attribute, string Reference);

    public static IReadOnlyList<Consequence> Of(TerraformPlan plan, RenameMatch match)
    {
        var target = ResourceAddress.ConfigOf(match.To);
        var module = match.Witness is not null ? ResourceAddress.ModuleConfigOf(match.To) + "." : null;
        var found = new List<Consequence>();
        foreach (var change in plan.Changes)
        {
            if (!change.IsManaged || !change.Actions.Replaces || plan.Configuration.Find(change.ConfigAddress) is not { } config)
            {
                continue;
            }

            foreach (var attribute in change.ReplacePaths.Where(p => p.Count > 0).Select(p => p[0]).Distinct(StringComparer.Ordinal))
            {
                if (!JsonValues.HoldsUnknown(change.AfterUnknown, attribute) || !config.References.TryGetValue(attribute, out var references))
                {
                    continue;
                }

                var reference = references.FirstOrDefault(r => Resolve(plan, config.ModulePath, r, 0)
                    .Any(a => a == target || (module is not null && a.StartsWith(module, StringComparison.Ordinal))));
                if (reference is not null)
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
