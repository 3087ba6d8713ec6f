using System.Text.Json;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Graph.Config;

/// <summary>Turns the plan JSON's <c>configuration</c> into a <see cref="TerraformConfig"/> (no locals: the JSON has none).</summary>
public static class PlanConfigReader
{
    public static TerraformConfig Read(Configuration configuration)
    {
        var resources = configuration.Resources.Select(r => new ConfigResource(
            r.ModulePath,
            r.LocalAddress,
            r.Mode == "data" ? NodeKind.Data : NodeKind.Resource)
        {
            References = r.References.Values.SelectMany(Deepest).Concat(Deepest(r.RepetitionReferences)).Distinct(StringComparer.Ordinal).ToList(),
            DependsOn = r.DependsOn,
            Literals = r.Constants.SelectMany(c => Strings(c.Key, c.Value)).ToList(),
        }).ToList();
        var calls = configuration.ModuleCalls.Select(c => new ConfigModuleCall(c.ParentPath, c.Name, c.Source)
        {
            Inputs = c.Inputs.ToDictionary(i => i.Key, i => (IReadOnlyList<string>)Deepest(i.Value), StringComparer.Ordinal),
            DependsOn = c.DependsOn,
        }).ToList();
        var outputs = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, references) in configuration.OutputReferences)
        {
            var at = key.LastIndexOf("output.", StringComparison.Ordinal);
            var module = at == 0 ? "" : key[..(at - 1)];
            outputs[TerraformConfig.Key(module, key[(at + "output.".Length)..])] = Deepest(references);
        }

        return new TerraformConfig(resources, calls, new Dictionary<string, IReadOnlyList<string>>(), outputs);
    }

    /// <summary>
    /// One expression's references as its text writes them: terraform lists each with its shorter prefixes
    /// (<c>var.subnet_ids[0]</c> and <c>var.subnet_ids</c>, <c>terraform_data.a.output</c> and <c>terraform_data.a</c>),
    /// which read the same value; a prefix of another reference of the same expression is dropped, so a reference is
    /// counted once (a state split's crossing references), as the configuration's own text gives it.
    /// </summary>
    private static List<string> Deepest(IReadOnlyList<string> references) =>
        [.. references.Where(r => !references.Any(other => other.Length > r.Length && other.StartsWith(r, StringComparison.Ordinal) && other[r.Length] is '.' or '['))];

    private static IEnumerable<LiteralArgument> Strings(string path, string rawJson)
    {
        using var document = JsonDocument.Parse(rawJson);
        var found = new List<LiteralArgument>();
        Walk(document.RootElement, path, found);
        return found;
    }

    private static void Walk(JsonElement element, string path, List<LiteralArgument> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                found.Add(new LiteralArgument(path, element.GetString()!));
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, path + "." + property.Name, found);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{path}[{i++}]", found);
                }

                break;
        }
    }
}
