using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Terraform.Graph;

namespace Tollgate.Terraform.GraphRules;

/// <summary>
/// <c>depends-on</c>: an explicit <c>depends_on</c> between resources whose ordering a reference could carry.
/// Either a reference already orders the two (the depends_on is redundant), or a literal equals the target's
/// identity (reference it instead), or the rule proposes the target's <c>id</c> (on all its instances when it has
/// <c>count</c> or <c>for_each</c>). When the target itself waits for the resource, the depends_on closes a cycle and
/// no reference can replace it: the rule says to remove it instead. A <c>depends_on</c> on a whole module whose values
/// are not used is a pure ordering: the rule says how many resources it waits for and how to wait for fewer (a
/// <c>depends_on</c> on one of the module's outputs). A reference keeps working
/// through renames and tells Terraform exactly which value flows; depends_on hides it.
/// </summary>
public sealed class DependsOnRule : IGraphRule
{
    public RuleInfo Info { get; } = new("depends-on", Severity.Low, "An explicit depends_on whose ordering a reference could carry") { Pillar = "Terraform graph and configuration", AtFailOn = RuleOutcome.Review };

    public IEnumerable<Finding> Evaluate(GraphAnalysis analysis)
    {
        var graph = analysis.Graph;
        foreach (var resource in analysis.Model.Config.Resources)
        {
            var entries = analysis.Model.DependsOn.GetValueOrDefault(resource.Address) ?? [];
            foreach (var (written, target) in entries)
            {
                var from = graph.IndexOf(resource.Address);
                var to = graph.IndexOf(target.Address);
                if (from < 0 || to < 0)
                {
                    continue;
                }

                var redundant = analysis.Reaches(from, to, EdgeKind.Reference);
                var cyclic = !redundant && analysis.Components.ComponentOf[from] == analysis.Components.ComponentOf[to];
                var literal = resource.Literals.FirstOrDefault(l => analysis.Model.Identities.Owners(l.Value).Any(o => o.Address == target.Address));
                string replacement;
                string message;
                if (redundant)
                {
                    replacement = $"remove {written} from depends_on: {resource.Address} already depends on it through its references";
                    message = $"{resource.Address} depends_on {written}, which its references already order";
                }
                else if (cyclic)
                {
                    // The target already waits for this resource: any edge from here to it, a reference as much as
                    // depends_on, closes a cycle, so no reference can carry this ordering.
                    replacement = $"remove {written} from depends_on; if {resource.LocalAddress} must come after {Local(target.Address, resource.Module)}, first take away what makes {Local(target.Address, resource.Module)} wait for {resource.LocalAddress}";
                    message = $"{resource.Address} depends_on {written}, which itself waits for {resource.Address}: the depends_on closes a cycle, and a reference in its place would keep it";
                }
                else if (literal is not null)
                {
                    var attribute = analysis.Model.Identities.Owners(literal.Value).First(o => o.Address == target.Address).Attribute;
                    replacement = $"{literal.Path} = {Local(target.Address, resource.Module)}.{attribute}\n# and remove {written} from depends_on";
                    message = $"{resource.Address} depends_on {written}; the reference {Local(target.Address, resource.Module)}.{attribute} in {literal.Path} would carry the ordering";
                }
                else if (graph.Kinds[to] == NodeKind.Module)
                {
                    (message, replacement) = OnModule(analysis, resource, written, target.Address);
                }
                else
                {
                    var expression = AttributeReference.Of(Local(target.Address, resource.Module), analysis.Model.Resource(target.Address)?.Repetition, "id");
                    replacement = $"reference {expression} in the argument of {resource.LocalAddress} that needs it, and remove {written} from depends_on";
                    message = $"{resource.Address} depends_on {written} without using any of its values; the reference {expression} would carry the ordering";
                }

                yield return new Finding(Info.Id, Info.DefaultSeverity, resource.Address, message)
                {
                    Module = resource.Module,
                    Suggestion = replacement,
                    Related = [target.Address],
                    Evidence = new Dictionary<string, object?>
                    {
                        ["dependsOn"] = written,
                        ["redundant"] = redundant,
                        ["cyclic"] = cyclic,
                        ["location"] = resource.Location,
                    },
                };
            }
        }
    }

    /// <summary>
    /// A <c>depends_on</c> on a whole module whose values the resource does not use: a pure ordering, the documented
    /// use of <c>depends_on</c>, which makes it wait for every resource inside. It is right when the resource must come
    /// after all of them; when only after some, <c>depends_on = [module.x.output]</c> waits only for what that output
    /// refers to (terraform orders it after the output, not the module).
    /// </summary>
    private static (string Message, string Replacement) OnModule(GraphAnalysis analysis, Graph.Config.ConfigResource resource, string written, string module)
    {
        var inside = analysis.Model.Config.Resources
            .Where(r => r.Kind == NodeKind.Resource && (r.Module == module || r.Module.StartsWith(module + ".", StringComparison.Ordinal)))
            .Select(r => r.Address).Order(StringComparer.Ordinal).ToList();
        var named = string.Join(", ", inside.Take(3)) + (inside.Count > 3 ? $" and {inside.Count - 3} more" : "");
        var waits = inside.Count == 1 ? $"the 1 resource inside {module} ({named})" : $"all {inside.Count} resources inside {module}{(inside.Count > 0 ? $" ({named})" : "")}";
        var outputs = analysis.Model.Config.Outputs.Keys.Select(Graph.Config.TerraformConfig.Unkey).Where(k => k.Module == module)
            .Select(k => $"{written}.{k.Name}").Order(StringComparer.Ordinal).ToList();
        var narrower = outputs.Count > 0
            ? $"depend on the output of {written} that refers to those instead ({string.Join(", ", outputs.Take(5))}{(outputs.Count > 5 ? $" and {outputs.Count - 5} more" : "")}): depends_on = [{outputs[0]}] waits only for what that output refers to"
            : $"add to {module} an output that refers to those and depend on it instead: depends_on = [{written}.<that output>] waits only for what the output refers to";
        return (
            $"{resource.Address} depends_on {written} without using any of its values: it waits for {waits}",
            $"keep depends_on = [{written}] if {resource.LocalAddress} must come after all of them; if only after some, {narrower}");
    }

    private static string Local(string address, string module) =>
        module.Length > 0 && address.StartsWith(module + ".", StringComparison.Ordinal) ? address[(module.Length + 1)..] : address;
}
