using Tollgate.Terraform.Graph.Config;

namespace Tollgate.Terraform.Graph.StateSplit;

/// <summary>
/// What a crossing reference's producer state must export: the chain the reference follows (module inputs, locals,
/// validations, outputs) rebuilt as the expressions written at each step, and of those the last one written in the
/// shallowest module the chain passes through. A module input <c>in = terraform_data.a.output</c> read as
/// <c>var.in</c> exports <c>terraform_data.a.output</c>, not the resource's id; a root reference
/// <c>module.l1.out</c> exports <c>module.l1.out</c>, not the innermost output it passes on; a value that never
/// reaches the root module (<c>module.l1.module.l2</c>'s <c>terraform_data.m2res.output</c> given to a module inside
/// it) is exported in the module where it is written (<see cref="Module"/>), to be passed up through an output of
/// each module above it.
/// </summary>
public sealed record ExportPath(string Module, string Expression)
{
    /// <summary>The chain rebuilt, or null when the configuration does not hold a step of it (a DOT file's edges).</summary>
    public static ExportPath? Of(TerraformConfig config, string consumerModule, string written, IReadOnlyList<string> via, string producer)
    {
        var steps = new List<ExportPath> { new(consumerModule, written) };
        var module = consumerModule;
        for (var i = 0; i < via.Count; i++)
        {
            IReadOnlyList<string>? candidates = null;
            var value = via[i];
            if (value.EndsWith(ValueNames.Validation, StringComparison.Ordinal))
            {
                config.Validations.TryGetValue(TerraformConfig.Key(module, value["var.".Length..^ValueNames.Validation.Length]), out candidates);
            }
            else if (value.Split('.') is ["var", var input])
            {
                var call = config.ModuleCalls.FirstOrDefault(c => c.Path == module);
                if (call is null || !call.Inputs.TryGetValue(input, out candidates))
                {
                    return null;
                }

                module = call.Parent;
            }
            else if (value.Split('.') is ["local", var local])
            {
                config.Locals.TryGetValue(TerraformConfig.Key(module, local), out candidates);
            }
            else if (value.Split('.') is ["module", var child, var output])
            {
                module = module.Length == 0 ? "module." + child : module + ".module." + child;
                config.Outputs.TryGetValue(TerraformConfig.Key(module, output), out candidates);
            }

            var next = i + 1 < via.Count ? via[i + 1] : null;
            var step = candidates?.FirstOrDefault(c => Leads(c, module, next, producer));
            if (step is null)
            {
                return null;
            }

            steps.Add(new ExportPath(module, step));
        }

        var shallowest = steps.Min(s => Depth(s.Module));
        return steps.Last(s => Depth(s.Module) == shallowest);
    }

    /// <summary>The outputs that bring <see cref="Expression"/> to the producer state's root module, innermost first, named <paramref name="name"/>.</summary>
    public IEnumerable<(string Module, string Value)> Outputs(string name)
    {
        yield return (Module, Expression);
        var module = Module;
        while (module.Length > 0)
        {
            var last = module.LastIndexOf(".module.", StringComparison.Ordinal);
            var (parent, child) = last < 0 ? ("", module["module.".Length..]) : (module[..last], module[(last + ".module.".Length)..]);
            yield return (parent, $"module.{child}.{name}");
            module = parent;
        }
    }

    private static int Depth(string module) => module.Length == 0 ? 0 : module.Split(".module.").Length;

    /// <summary>True when <paramref name="reference"/> reads the next value of the chain, or at its end the producer.</summary>
    private static bool Leads(string reference, string module, string? next, string producer)
    {
        var parts = ReferenceResolver.Split(reference);
        if (next is not null)
        {
            var wanted = (next.EndsWith(ValueNames.Validation, StringComparison.Ordinal) ? next[..^ValueNames.Validation.Length] : next).Split('.');
            return parts.Count >= wanted.Length && parts.Take(wanted.Length).SequenceEqual(wanted);
        }

        var length = parts is ["data" or "module", ..] ? (parts[0] == "module" ? 2 : 3) : 2;
        if (parts.Count < length)
        {
            return false;
        }

        var target = string.Join('.', parts.Take(length));
        return (module.Length == 0 ? target : module + "." + target) == producer;
    }
}
