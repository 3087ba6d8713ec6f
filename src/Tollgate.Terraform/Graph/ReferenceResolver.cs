using Tollgate.Terraform.Graph.Config;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// Resolves a module-relative reference (<c>aws_vpc.main.id</c>, <c>local.x</c>, <c>var.y</c>,
/// <c>module.net.vpc_id</c>, <c>module.net</c>) to the resources, data sources and module calls it finally reads,
/// following locals, module inputs and outputs the way <c>terraform graph</c> collapses them. Each result carries
/// the chain of values it went through (<c>local.ids → var.vpc_id</c>) so findings can say how an edge arises.
/// Given <c>nodeOf</c> (the graph builder's ids of the declared addresses), each result also carries its node id.
/// A variable that has validation blocks leads, as in terraform's graph (<c>var.v (validation)</c>), to what they
/// read too (<see cref="TerraformConfig.Validations"/>, the variable itself aside), through
/// <c>var.v (validation)</c> (<see cref="ValueNames.Validation"/>): terraform evaluates them before anything that
/// reads the variable. A value whose resolution reaches itself again (<c>local.a = local.b</c>, <c>local.b = local.a</c>;
/// <c>local.w = var.v</c> where the validation of <c>v</c> reads <c>local.w</c>) adds nothing more to the result, and
/// the loop is kept in <see cref="Cycles"/>: terraform refuses it.
/// </summary>
public sealed class ReferenceResolver(TerraformConfig config, ISet<string> declared, Func<string, int>? nodeOf = null)
{
    private static readonly HashSet<string> NoTarget = new(StringComparer.Ordinal) { "count", "each", "path", "self", "terraform", "provider" };
    private readonly Dictionary<string, ConfigModuleCall> _calls = config.ModuleCalls.ToDictionary(c => c.Path, StringComparer.Ordinal);
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NoTargetBySpan = NoTarget.GetAlternateLookup<ReadOnlySpan<char>>();
    private readonly Dictionary<string, IReadOnlyList<ResolvedReference>> _memo = new(StringComparer.Ordinal);
    private char[] _key = new char[128];

    /// <summary>The keys of the values being resolved, outermost first: where a value met again closes its loop.</summary>
    private readonly List<string> _trail = [];

    /// <summary>For each value of <see cref="_trail"/>, whether it is a variable being resolved through its validations.</summary>
    private readonly List<bool> _validating = [];
    private readonly List<ValueCycle> _cycles = [];
    private readonly HashSet<string> _cycleKeys = new(StringComparer.Ordinal);

    /// <summary>
    /// The loops among values (locals, variables, module outputs) met so far, each once, as closed paths of the
    /// values' addresses as terraform names them from the one that sorts first: <c>[local.a, local.b, local.a]</c>,
    /// <c>[module.net.output.id, module.net.var.id, module.net.output.id]</c>, <c>[local.w, var.v, local.w]</c> (through
    /// the validation of <c>v</c>), with the nodes of terraform's graph they go through. A loop through a resource is
    /// no value loop: the resource's edges close it in the graph.
    /// </summary>
    public IReadOnlyList<ValueCycle> Cycles => _cycles;

    public IReadOnlyList<ResolvedReference> Resolve(string module, string reference) =>
        Known(module, reference) ?? Resolve(module, reference, null);

    /// <summary>
    /// The memoised answer for a plain reference (dots only, no index, no empty step), looked up without building
    /// its key as a string: most references of a large configuration read a target already resolved.
    /// </summary>
    private IReadOnlyList<ResolvedReference>? Known(string module, string reference)
    {
        var text = reference.AsSpan();
        if (text.IsEmpty || text.Contains('['))
        {
            return null;
        }

        var dot = text.IndexOf('.');
        var head = dot < 0 ? text : text[..dot];
        if (head.IsEmpty)
        {
            return null;
        }

        if (NoTargetBySpan.Contains(head))
        {
            return [];
        }

        // The key is "module|" and the first two steps (three after data or module), as in Resolve.
        var steps = head is "data" or "module" ? 3 : 2;
        var end = 0;
        var start = 0;
        var found = 0;
        for (var step = 0; step < steps; step++, found++)
        {
            var next = text[start..].IndexOf('.');
            end = next < 0 ? text.Length : start + next;
            if (end == start)
            {
                return null;
            }

            if (end == text.Length)
            {
                found++;
                break;
            }

            start = end + 1;
        }

        var length = module.Length + 1 + end;
        if (_key.Length < length)
        {
            _key = new char[length * 2];
        }

        module.CopyTo(_key);
        _key[module.Length] = '|';
        text[..end].CopyTo(_key.AsSpan(module.Length + 1));
        if (_memo.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(_key.AsSpan(0, length), out var known))
        {
            return known;
        }

        // A resource's own address (type.name), the common case, resolved here without splitting the reference.
        if (steps == 2 && found == 2 && head is not ("var" or "local"))
        {
            // In the root module the address is the declared one's own string when there is one (no copy per target).
            var result = module.Length == 0 && declared is HashSet<string> set && set.TryGetAlternateLookup<ReadOnlySpan<char>>(out var lookup)
                ? lookup.TryGetValue(text[..end], out var address) ? Found(address) : []
                : Target(module.Length == 0 ? reference[..end] : string.Concat(module, ".", text[..end]));
            _memo[new string(_key.AsSpan(0, length))] = result;
            return result;
        }

        return null;
    }

    /// <summary><paramref name="visiting"/>: the values being resolved further up, created on the first memo miss.</summary>
    private IReadOnlyList<ResolvedReference> Resolve(string module, string reference, HashSet<string>? visiting)
    {
        var parts = Split(reference);
        if (parts.Count == 0 || NoTarget.Contains(parts[0]))
        {
            return [];
        }

        var key = module + "|" + string.Join('.', parts.Take(parts[0] is "data" ? 3 : parts[0] is "module" ? 3 : 2));
        if (_memo.TryGetValue(key, out var known))
        {
            return known;
        }

        visiting ??= new HashSet<string>(StringComparer.Ordinal);
        if (!visiting.Add(key))
        {
            Closed(key);
            return [];
        }

        _trail.Add(key);
        _validating.Add(false);
        var result = ResolveParts(module, parts, visiting);
        _trail.RemoveAt(_trail.Count - 1);
        _validating.RemoveAt(_validating.Count - 1);
        visiting.Remove(key);
        _memo[key] = result;
        return result;
    }

    /// <summary>Keeps the loop from <paramref name="key"/>, met again, through the values resolved since, once however it is entered.</summary>
    private void Closed(string key)
    {
        var start = _trail.LastIndexOf(key);
        var loop = _trail[start..].Select(ValueNames.Of).ToList();
        var first = loop.IndexOf(loop.Min(StringComparer.Ordinal)!);
        List<string> cycle = [.. loop[first..], .. loop[..first], loop[first]];
        if (_cycleKeys.Add(string.Join(' ', cycle)))
        {
            // The nodes in the order of the path: a variable left through its validations is its validation node.
            var nodes = Enumerable.Range(0, loop.Count)
                .Select(i => (first + i) % loop.Count)
                .SelectMany(i => ValueNames.Nodes(_validating[start + i] ? loop[i] + ValueNames.Validation : loop[i], config))
                .ToList();
            _cycles.Add(new ValueCycle(cycle, nodes));
        }
    }

    private IReadOnlyList<ResolvedReference> ResolveParts(string module, List<string> parts, HashSet<string> visiting)
    {
        var prefix = module.Length == 0 ? "" : module + ".";
        switch (parts[0])
        {
            case "var" when parts.Count >= 2:
                return Variable(module, parts[1], visiting);
            case "local" when parts.Count >= 2:
                return config.Locals.TryGetValue(TerraformConfig.Key(module, parts[1]), out var local)
                    ? Through(module, local, "local." + parts[1], visiting)
                    : [];
            case "module" when parts.Count >= 3:
                var child = prefix + "module." + parts[1];
                return config.Outputs.TryGetValue(TerraformConfig.Key(child, parts[2]), out var output)
                    ? Through(child, output, "module." + parts[1] + "." + parts[2], visiting)
                    : Target(child);
            case "module" when parts.Count == 2:
                return Target(prefix + "module." + parts[1]);
            case "data" when parts.Count >= 3:
                return Target(prefix + "data." + parts[1] + "." + parts[2]);
            case "data" or "var" or "local" or "module":
                return [];
            default:
                return parts.Count >= 2 ? Target(prefix + parts[0] + "." + parts[1]) : [];
        }
    }

    /// <summary>
    /// A variable: in a called module what the calling module gives it, and when it has validation blocks what they
    /// read besides the variable itself, in its own module (a reference to the variable reaches its validation first).
    /// </summary>
    private IReadOnlyList<ResolvedReference> Variable(string module, string name, HashSet<string> visiting)
    {
        var via = "var." + name;
        var given = module.Length > 0 && _calls.TryGetValue(module, out var call) && call.Inputs.TryGetValue(name, out var input)
            ? Through(call.Parent, input, via, visiting)
            : [];
        if (!config.Validations.TryGetValue(TerraformConfig.Key(module, name), out var validations))
        {
            return given;
        }

        _validating[^1] = true;
        var validated = Through(module, validations.Where(r => !Reads(r, name)).ToList(), via + ValueNames.Validation, visiting);
        _validating[^1] = false;
        return given.Count == 0 ? validated : [.. given, .. validated];
    }

    /// <summary>True when <paramref name="reference"/> reads the variable <paramref name="name"/> (<c>var.name</c>, <c>var.name[0]</c>).</summary>
    private static bool Reads(string reference, string name) => Split(reference) is ["var", var read, ..] && read == name;

    private IReadOnlyList<ResolvedReference> Target(string address) => declared.Contains(address) ? Found(address) : [];

    private ResolvedReference[] Found(string address) => [new ResolvedReference(address, []) { Node = nodeOf?.Invoke(address) ?? -1 }];

    private List<ResolvedReference> Through(string module, IReadOnlyList<string> references, string via, HashSet<string> visiting)
    {
        var result = new List<ResolvedReference>();
        foreach (var reference in references)
        {
            foreach (var resolved in Resolve(module, reference, visiting))
            {
                result.Add(resolved with { Via = [via, .. resolved.Via] });
            }
        }

        return result;
    }

    /// <summary>Splits a traversal on dots outside brackets and drops index keys: <c>a.b["x.y"].c</c> → a, b, c.</summary>
    public static List<string> Split(string reference)
    {
        if (!reference.Contains('['))
        {
            return [.. reference.Split('.', StringSplitOptions.RemoveEmptyEntries)];
        }

        var parts = new List<string>();
        var start = 0;
        var depth = 0;
        var quoted = false;
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < reference.Length; i++)
        {
            var c = reference[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }

                continue;
            }

            switch (c)
            {
                case '"' when depth > 0:
                    quoted = true;
                    break;
                case '[':
                    depth++;
                    break;
                case ']':
                    depth--;
                    break;
                case '.' when depth == 0:
                    parts.Add(current.ToString());
                    current.Clear();
                    start = i + 1;
                    break;
                default:
                    if (depth == 0)
                    {
                        current.Append(c);
                    }

                    break;
            }
        }

        if (current.Length > 0 || start < reference.Length)
        {
            parts.Add(current.ToString());
        }

        return parts.Where(p => p.Length > 0).ToList();
    }
}
