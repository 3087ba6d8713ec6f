using Tollgate.Terraform.Graph.Config;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// Local values, module inputs and outputs as terraform names them in its messages (<c>local.a</c>,
/// <c>module.db.var.size</c>, <c>module.db.output.id</c>), from the resolver's keys and from the values a reference
/// went through, each written where it is read (<c>local.ids → var.vpc_id</c>, <see cref="ResolvedReference.Via"/>).
/// A variable's validation, through which a reference to it leads to what the validation reads, is the variable's
/// name with <see cref="Validation"/> after it, as terraform names its node (<c>var.v (validation)</c>).
/// </summary>
public static class ValueNames
{
    /// <summary>What follows a variable's name where a reference went through its validation: <c>var.v (validation)</c>.</summary>
    public const string Validation = " (validation)";

    /// <summary>The value a resolver key (<c>module.db|local.a</c>, <c>module.db|var.size</c>, <c>|module.db.id</c>) names.</summary>
    public static string Of(string key)
    {
        var (module, name) = TerraformConfig.Unkey(key);
        var steps = name.Split('.');
        return steps[0] == "module"
            ? TerraformConfig.ValueAddress(Child(module, steps[1]), "output", steps[2])
            : TerraformConfig.ValueAddress(module, steps[0], steps[1]);
    }

    /// <summary>
    /// The values of <paramref name="via"/>, read from <paramref name="module"/> on: a module input is read in the
    /// calling module, an output in the called one.
    /// </summary>
    public static List<string> Along(string module, IReadOnlyList<string> via)
    {
        var names = new List<string>(via.Count);
        foreach (var value in via)
        {
            if (value.EndsWith(Validation, StringComparison.Ordinal))
            {
                // What a validation reads is read in the variable's own module.
                names.Add(Of(TerraformConfig.Key(module, value[..^Validation.Length])) + Validation);
                continue;
            }

            names.Add(Of(TerraformConfig.Key(module, value)));
            var steps = value.Split('.');
            module = steps[0] switch
            {
                "var" => module[..Math.Max(0, module.LastIndexOf(".module.", StringComparison.Ordinal))],
                "module" => Child(module, steps[1]),
                _ => module,
            };
        }

        return names;
    }

    /// <summary>
    /// The nodes of terraform's graph that <paramref name="value"/> (a name of <see cref="Along"/>) stands for in its
    /// "Cycle:" messages: <c>var.v (validation)</c> as it is; a variable that has validations, reached through its
    /// input, both of its nodes (<c>module.m.var.in (validation)</c>, <c>module.m.var.in (expand)</c>: a reference reaches
    /// the validation, which reads the value); any other value <c>local.a (expand)</c>.
    /// </summary>
    public static IEnumerable<string> Nodes(string value, TerraformConfig config)
    {
        if (value.EndsWith(Validation, StringComparison.Ordinal))
        {
            return [value];
        }

        var module = ModuleOf(value);
        var local = module.Length == 0 ? value : value[(module.Length + 1)..];
        return local.StartsWith("var.", StringComparison.Ordinal) && config.Validations.ContainsKey(TerraformConfig.Key(module, local[4..]))
            ? [value + Validation, value + " (expand)"]
            : [value + " (expand)"];
    }

    /// <summary>The module a value is declared in: <c>module.db</c> for <c>module.db.local.a</c>, "" for <c>local.a</c>.</summary>
    public static string ModuleOf(string value)
    {
        var name = value.LastIndexOf('.');
        var kind = name > 0 ? value.LastIndexOf('.', name - 1) : -1;
        return kind > 0 ? value[..kind] : "";
    }

    private static string Child(string module, string name) => module.Length == 0 ? $"module.{name}" : $"{module}.module.{name}";
}
