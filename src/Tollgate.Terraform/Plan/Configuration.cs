using System.Text.Json;

namespace Tollgate.Terraform.Plan;

/// <summary>The static part of a plan: every configured resource and module call, by configuration address.</summary>
public sealed class Configuration
{
    private readonly Dictionary<string, ConfiguredResource> _byAddress = new(StringComparer.Ordinal);

    public static Configuration Empty { get; } = new();

    public IReadOnlyList<ConfiguredResource> Resources { get; private set; } = [];

    public IReadOnlyList<ModuleCall> ModuleCalls { get; private set; } = [];

    /// <summary>Output references per module path and output name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> OutputReferences { get; private set; } =
        new Dictionary<string, IReadOnlyList<string>>();

    public ConfiguredResource? Find(string configAddress) =>
        _byAddress.GetValueOrDefault(configAddress);

    public static Configuration Parse(JsonElement configuration)
    {
        var result = new Configuration();
        var resources = new List<ConfiguredResource>();
        var calls = new List<ModuleCall>();
        var outputs = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (Has(configuration, "root_module", out var root))
        {
            Walk(root, "", resources, calls, outputs);
        }

        result.Resources = resources;
        result.ModuleCalls = calls;
        result.OutputReferences = outputs;
        foreach (var resource in resources)
        {
            result._byAddress[resource.Address] = resource;
        }

        return result;
    }

    private static void Walk(JsonElement module, string path, List<ConfiguredResource> resources, List<ModuleCall> calls, Dictionary<string, IReadOnlyList<string>> outputs)
    {
        if (module.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (Has(module, "resources", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var r in list.EnumerateArray())
            {
                var local = Str(r, "address");
                var (references, constants) = Expressions(r);
                var repetition = new List<string>();
                Collect(r, "count_expression", repetition);
                Collect(r, "for_each_expression", repetition);
                resources.Add(new ConfiguredResource(
                    path,
                    path.Length == 0 ? local : path + "." + local,
                    Str(r, "mode"),
                    Str(r, "type"),
                    Str(r, "name"),
                    references,
                    Strings(r, "depends_on"))
                {
                    ProviderConfigKey = Str(r, "provider_config_key"),
                    RepetitionReferences = repetition,
                    Constants = constants,
                });
            }
        }

        if (Has(module, "outputs", out var outs) && outs.ValueKind == JsonValueKind.Object)
        {
            foreach (var output in outs.EnumerateObject())
            {
                var refs = new List<string>();
                Collect(output.Value, "expression", refs);
                outputs[(path.Length == 0 ? "" : path + ".") + "output." + output.Name] = refs;
            }
        }

        if (Has(module, "module_calls", out var moduleCalls) && moduleCalls.ValueKind == JsonValueKind.Object)
        {
            foreach (var call in moduleCalls.EnumerateObject())
            {
                var (inputs, _) = Expressions(call.Value);
                var moduleCall = new ModuleCall(path, call.Name, Str(call.Value, "source"), inputs, Strings(call.Value, "depends_on"));
                calls.Add(moduleCall);
                if (Has(call.Value, "module", out var child))
                {
                    Walk(child, moduleCall.Path, resources, calls, outputs);
                }
            }
        }
    }

    private static (IReadOnlyDictionary<string, IReadOnlyList<string>> References, IReadOnlyDictionary<string, string> Constants) Expressions(JsonElement owner)
    {
        var references = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var constants = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Has(owner, "expressions", out var expressions) && expressions.ValueKind == JsonValueKind.Object)
        {
            foreach (var argument in expressions.EnumerateObject())
            {
                var refs = new List<string>();
                CollectReferences(argument.Value, refs);
                references[argument.Name] = refs;
                if (Has(argument.Value, "constant_value", out var constant))
                {
                    constants[argument.Name] = constant.GetRawText();
                }
            }
        }

        return (references, constants);
    }

    private static void Collect(JsonElement owner, string property, List<string> into)
    {
        if (Has(owner, property, out var expression))
        {
            CollectReferences(expression, into);
        }
    }

    /// <summary>Every string under any <c>references</c> key at any depth (nested blocks are nested expressions).</summary>
    private static void CollectReferences(JsonElement expression, List<string> into)
    {
        switch (expression.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in expression.EnumerateObject())
                {
                    if (property.Name == "references" && property.Value.ValueKind == JsonValueKind.Array)
                    {
                        var start = into.Count;
                        foreach (var reference in property.Value.EnumerateArray())
                        {
                            if (reference.ValueKind == JsonValueKind.String)
                            {
                                into.Add(reference.GetString()!);
                            }
                        }

                        WithoutModulePrefixes(into, start);
                    }
                    else if (property.Name != "constant_value")
                    {
                        CollectReferences(property.Value, into);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in expression.EnumerateArray())
                {
                    CollectReferences(item, into);
                }

                break;
        }
    }

    /// <summary>
    /// Terraform lists each reference with its shorter prefixes (<c>module.net.subnets[0]</c>, <c>module.net.subnets</c>,
    /// <c>module.net</c>). A resource's prefix resolves to the same resource, but a module call's alone stands for the whole
    /// module: it is dropped when the same list reads one of that module's outputs, so that the plan gives the edges
    /// the configuration's own text gives (<c>module.net</c> written alone stays).
    /// </summary>
    private static void WithoutModulePrefixes(List<string> references, int start)
    {
        for (var i = references.Count - 1; i >= start; i--)
        {
            var reference = references[i];
            if (ModuleCallOnly(reference)
                && references.Skip(start).Any(other => other.Length > reference.Length && other.StartsWith(reference, StringComparison.Ordinal) && other[reference.Length] is '.' or '['))
            {
                references.RemoveAt(i);
            }
        }
    }

    /// <summary><c>module.net</c> or <c>module.net["a"]</c>: a module call (or one of its instances), no output of it.</summary>
    private static bool ModuleCallOnly(string reference)
    {
        if (!reference.StartsWith("module.", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = reference.AsSpan("module.".Length);
        var cut = rest.IndexOfAny('.', '[');
        return cut < 0 || (rest[cut] == '[' && rest[^1] == ']' && rest[cut..].IndexOf(']') == rest.Length - cut - 1);
    }

    /// <summary>A property of an object; anything else (a plan edited or cut by hand) has none, never an exception.</summary>
    private static bool Has(JsonElement e, string name, out JsonElement value)
    {
        value = default;
        return e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out value);
    }

    private static string Str(JsonElement e, string name) =>
        Has(e, name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static IReadOnlyList<string> Strings(JsonElement e, string name) =>
        Has(e, name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];
}
