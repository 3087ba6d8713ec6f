using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Terraform.Graph;

namespace Tollgate.Terraform.GraphRules;

/// <summary>
/// <c>depends-on</c>: an explicit <c>depends_on</c> between resources whose ordering a reference could carry.
/// Either a reference already orders the two (the depends_on is redundant), or a literal equals the target's
/// identity (reference it instead), or the rule proposes the target's <c>id</c>. A reference keeps working
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
                var literal = resource.Literals.FirstOrDefault(l => analysis.Model.Identities.Owners(l.Value).Any(o => o.Address == target.Address));
                string replacement;
                string message;
                if (redundant)
                {
                    replacement = $"remove {written} from depends_on: {resource.Address} already depends on it through its references";
                    message = $"{resource.Address} depends_on {written}, which its references already order";
                }
                else if (literal is not null)
                {
                    var attribute = analysis.Model.Identities.Owners(literal.Value).First(o => o.Address == target.Address).Attribute;
                    replacement = $"{literal.Path} = {Local(target.Address, resource.Module)}.{attribute}\n# and remove {written} from depends_on";
                    message = $"{resource.Address} depends_on {written}; the reference {Local(target.Address, resource.Module)}.{attribute} in {literal.Path} would carry the ordering";
                }
                else
                {
                    var expression = graph.Kinds[to] == NodeKind.Module ? written + ".<output it needs>" : Local(target.Address, resource.Module) + ".id";
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
                        ["location"] = resource.Location,
                    },
                };
            }
        }
    }

    private static string Local(string address, string module) =>
        module.Length > 0 && address.StartsWith(module + ".", StringComparison.Ordinal) ? address[(module.Length + 1)..] : address;
}
