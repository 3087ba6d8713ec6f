using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Terraform.Graph;

namespace Tollgate.Terraform.GraphRules;

/// <summary>
/// <c>module-depends-on</c>: <c>depends_on</c> on a module call, or inside a module pointing at something passed
/// in from outside (<c>var.*</c>). Every resource in the module then waits for the whole dependency, and its data
/// sources are read only at apply time, so plans fill with "known after apply". The boundary is leaking: pass the
/// value through a variable so the edge becomes data flow.
/// </summary>
public sealed class ModuleDependsOnRule : IGraphRule
{
    public RuleInfo Info { get; } = new("module-depends-on", Severity.Medium, "depends_on on a module call, or on a value passed into a module: the module boundary leaks") { Pillar = "Terraform graph and configuration", AtFailOn = RuleOutcome.Review };

    public IEnumerable<Finding> Evaluate(GraphAnalysis analysis)
    {
        var config = analysis.Model.Config;
        foreach (var call in config.ModuleCalls.Where(c => c.DependsOn.Count > 0))
        {
            var inside = config.Resources.Where(r => r.Module == call.Path || r.Module.StartsWith(call.Path + ".", StringComparison.Ordinal)).ToList();
            var dataSources = inside.Count(r => r.Kind == NodeKind.Data);
            var resources = inside.Count - dataSources; // the data sources are said apart: read again, not created
            var targets = call.DependsOn;
            var first = targets[0];
            var repetition = Repetition(analysis, call, first);
            var variable = VariableName(first, repetition);
            var carried = InputsReach(analysis, call.Path, first);
            if (carried is not null)
            {
                yield return new Finding(Info.Id, Info.DefaultSeverity, call.Path,
                    $"{call.Path} has depends_on = [{first}] although its input {carried} already reads from it: the depends_on only makes {(resources == 1 ? "the 1 resource" : $"all {resources} resources")} inside wait for all of {first}")
                {
                    Module = call.Parent,
                    Suggestion = $"remove depends_on = [{first}] from module \"{call.Name}\": the input {carried} already orders the resources that use it",
                    Related = targets.ToList(),
                    Evidence = new Dictionary<string, object?> { ["dependsOn"] = targets.ToList(), ["carriedBy"] = carried, ["resourcesInside"] = resources, ["location"] = call.Location },
                };
                continue;
            }

            // A module with count or for_each (or inside one) has its resources once per instance.
            var each = Repeated(analysis, call.Path) ? " in each instance" : " inside";
            yield return new Finding(Info.Id, Info.DefaultSeverity, call.Path,
                $"{call.Path} has depends_on = [{string.Join(", ", targets)}]: {(resources == 1 ? "the 1 resource" : $"all {resources} resources")}{each} wait{(resources == 1 ? "s" : "")} for it" +
                (dataSources > 0 ? $" and its {dataSources} data source{(dataSources == 1 ? " is" : "s are")} read only at apply time" : ""))
            {
                Module = call.Parent,
                Suggestion = $"module \"{call.Name}\" {{\n  # instead of depends_on = [{first}]\n  {variable} = {Output(first, repetition)}\n}}\n# and inside the module: variable \"{variable}\" {{}} used by the resources that really need it",
                Related = targets.ToList(),
                Evidence = new Dictionary<string, object?>
                {
                    ["dependsOn"] = targets.ToList(),
                    ["resourcesInside"] = resources,
                    ["dataSourcesInside"] = dataSources,
                    ["location"] = call.Location,
                },
            };
        }

        foreach (var resource in config.Resources.Where(r => r.Module.Length > 0))
        {
            foreach (var entry in resource.DependsOn.Where(d => d.StartsWith("var.", StringComparison.Ordinal)))
            {
                yield return new Finding(Info.Id, Info.DefaultSeverity, resource.Address,
                    $"{resource.Address} has depends_on = [{entry}]: an ordering passed in from outside {resource.Module}")
                {
                    Module = resource.Module,
                    Suggestion = $"use {entry} in an argument of {resource.LocalAddress} that needs it, so the dependency is data flow the module declares",
                    Related = [entry],
                    Evidence = new Dictionary<string, object?> { ["dependsOn"] = entry, ["location"] = resource.Location },
                };
            }
        }
    }

    /// <summary>The input (<c>name = expression</c>) of the call whose references reach into <paramref name="target"/>, if any.</summary>
    private static string? InputsReach(GraphAnalysis analysis, string callPath, string target)
    {
        var call = analysis.Model.ModuleCall(callPath);
        if (call is null)
        {
            return null;
        }

        var parts = ReferenceResolver.Split(target);
        var scope = call.Parent.Length == 0 ? "" : call.Parent + ".";
        var absolute = scope + string.Join('.', parts.Take(parts[0] is "module" or "data" ? parts[0] == "data" ? 3 : 2 : 2));
        foreach (var (name, references) in call.Inputs)
        {
            foreach (var reference in references)
            {
                var rp = ReferenceResolver.Split(reference);
                var prefix = scope + string.Join('.', rp.Take(rp.Count > 0 && rp[0] == "data" ? 3 : 2));
                if (prefix == absolute)
                {
                    return $"{name} = {reference}";
                }
            }
        }

        return null;
    }

    private static string VariableName(string target, string? repetition)
    {
        var parts = ReferenceResolver.Split(target);
        return (parts.Count >= 2 ? parts[^1] : "dependency") + (repetition is null ? "_id" : "_ids");
    }

    /// <summary>
    /// <c>count</c> or <c>for_each</c> of the resource <paramref name="target"/> (written in the calling module) names,
    /// if it has one; none for an instance (<c>x[0]</c>), which has its own id.
    /// </summary>
    private static string? Repetition(GraphAnalysis analysis, Graph.Config.ConfigModuleCall call, string target)
    {
        var parts = ReferenceResolver.Split(target);
        if (target.EndsWith(']') || parts.Count < 2 || parts[0] == "module" || (parts[0] == "data" && parts.Count < 3))
        {
            return null;
        }

        var local = string.Join('.', parts.Take(parts[0] == "data" ? 3 : 2));
        return analysis.Model.Resource(call.Parent.Length == 0 ? local : call.Parent + "." + local)?.Repetition;
    }

    /// <summary>True when the module call at <paramref name="path"/>, or one around it, has <c>count</c> or <c>for_each</c>.</summary>
    private static bool Repeated(GraphAnalysis analysis, string path)
    {
        for (var call = analysis.Model.ModuleCall(path); call is not null; call = call.Parent.Length == 0 ? null : analysis.Model.ModuleCall(call.Parent))
        {
            if (call.Inputs.ContainsKey("count") || call.Inputs.ContainsKey("for_each"))
            {
                return true;
            }
        }

        return false;
    }

    private static string Output(string target, string? repetition) =>
        ReferenceResolver.Split(target) is { Count: 2 } parts && parts[0] == "module" ? target + ".<output>"
            : AttributeReference.Of(target, repetition, "id");
}
