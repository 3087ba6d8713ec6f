using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Terraform.Graph;

namespace Tollgate.Terraform.GraphRules;

/// <summary>
/// <c>implicit-dependency</c>: a resource's configuration holds a literal equal to another resource's identity
/// (id, name, arn…, as seen in state or the plan) with no graph path between the two. The order holds by accident:
/// the first rename, replacement or fresh environment breaks it. Suggests the reference expression.
/// </summary>
public sealed class ImplicitDependencyRule : IGraphRule
{
    public RuleInfo Info { get; } = new("implicit-dependency", Severity.Medium, "A literal equal to another object's identity with no dependency between them") { Pillar = "Terraform graph and configuration", AtFailOn = RuleOutcome.Review };

    public IEnumerable<Finding> Evaluate(GraphAnalysis analysis)
    {
        var graph = analysis.Graph;
        var identities = analysis.Model.Identities;
        foreach (var resource in analysis.Model.Config.Resources)
        {
            var from = graph.IndexOf(resource.Address);
            var reported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var literal in resource.Literals)
            {
                foreach (var (owner, attribute) in identities.Owners(literal.Value))
                {
                    var to = graph.IndexOf(owner);
                    if (owner == resource.Address || to < 0 || from < 0 || !reported.Add(owner)
                        || analysis.Reaches(from, to, ~EdgeKind.None) || analysis.Reaches(to, from, ~EdgeKind.None))
                    {
                        continue;
                    }

                    var expression = Local(owner, resource.Module) is { } local ? $"{local}.{attribute}" : null;
                    yield return new Finding(Info.Id, Info.DefaultSeverity, resource.Address,
                        $"{resource.Address} sets {literal.Path} to the literal value of {owner}.{attribute}, but nothing orders the two: the dependency holds by accident")
                    {
                        Module = resource.Module,
                        Suggestion = expression is not null
                            ? $"{literal.Path} = {expression}"
                            : $"pass {owner}.{attribute} into {resource.Module} as a variable and use it for {literal.Path}",
                        Related = [owner],
                        Evidence = new Dictionary<string, object?>
                        {
                            ["argument"] = literal.Path,
                            ["identityOf"] = owner,
                            ["attribute"] = attribute,
                            ["location"] = resource.Location,
                        },
                    };
                }
            }
        }
    }

    /// <summary>The owner as written from the resource's module, or null when it lives in another module.</summary>
    private static string? Local(string owner, string module)
    {
        if (module.Length == 0)
        {
            return owner.StartsWith("module.", StringComparison.Ordinal) ? null : owner;
        }

        var rest = owner.StartsWith(module + ".", StringComparison.Ordinal) ? owner[(module.Length + 1)..] : null;
        return rest is null || rest.StartsWith("module.", StringComparison.Ordinal) ? null : rest;
    }
}
