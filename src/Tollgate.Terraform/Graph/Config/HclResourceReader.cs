using Tollgate.Hcl;
using Tollgate.Hcl.Expressions;
using Tollgate.Hcl.Syntax;
using Tollgate.Hcl.Traversals;

namespace Tollgate.Terraform.Graph.Config;

/// <summary>
/// Reads one <c>resource</c>/<c>data</c> block: every traversal in its arguments and nested blocks (dynamic blocks,
/// <c>lifecycle.replace_triggered_by</c> and conditions included), its <c>depends_on</c>, literal strings and lifecycle.
/// </summary>
internal static class HclResourceReader
{
    private static readonly HashSet<string> Meta = new(StringComparer.Ordinal) { "depends_on", "provider" };
    private static readonly Dictionary<string, IReadOnlyList<string>> NoArguments = [];

    public static ConfigResource Read(SourceText file, Block block, string module, string relativeFile, bool keepArguments = true)
    {
        var kind = block.Type == "data" ? NodeKind.Data : NodeKind.Resource;
        var local = (kind == NodeKind.Data ? "data." : "") + block.Labels[0] + "." + block.Labels[1];

        // A large configuration holds 100,000 of these: what is gathered in this thread's scratch lists is kept as
        // arrays of the exact size (the empty ones shared), so a resource costs no list objects and no spare slots.
        var scratch = _scratch ??= new Scratch();
        scratch.Clear();
        Lifecycle? lifecycle = null;
        CollectBody(file, block.Body, "", scratch.References, scratch.Literals, scratch.Dynamics, ref lifecycle);
        if (block.Body.Attribute("depends_on")?.Value is { } dependsOn)
        {
            ReferenceCollector.CollectText(dependsOn, scratch.DependsOn);
        }

        var end = file.PositionOf(block.End);
        return new ConfigResource(module, local, kind)
        {
            References = scratch.References.ToArray(),
            DependsOn = scratch.DependsOn.ToArray(),
            Literals = scratch.Literals.ToArray(),
            Lifecycle = lifecycle,
            DynamicBlocks = scratch.Dynamics.ToArray(),
            Arguments = keepArguments ? Arguments(file, block.Body) : NoArguments,
            File = relativeFile,
            Repetition = block.Body.Attribute("count") is not null ? "count" : block.Body.Attribute("for_each") is not null ? "for_each" : null,
            Line = block.Position.Line,
            Column = block.Position.Column,
            EndLine = end.Line,
            EndColumn = end.Column,
        };
    }

    /// <summary>The lists one thread reads its resources into (a large file is read on two threads).</summary>
    [ThreadStatic]
    private static Scratch? _scratch;

    private sealed class Scratch
    {
        public List<string> References { get; } = [];

        public List<string> DependsOn { get; } = [];

        public List<LiteralArgument> Literals { get; } = [];

        public List<string> Dynamics { get; } = [];

        public void Clear()
        {
            References.Clear();
            DependsOn.Clear();
            Literals.Clear();
            Dynamics.Clear();
        }
    }

    /// <summary>The references of each top-level argument and nested block type (a dynamic block by its label): what an override file replaces.</summary>
    private static Dictionary<string, IReadOnlyList<string>> Arguments(SourceText file, Body body)
    {
        var arguments = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var attribute in body.Attributes.Where(a => a.Name != "provider"))
        {
            arguments[attribute.Name] = Traversals(attribute.Value);
        }

        foreach (var nested in body.Blocks.Where(b => b.Type is not ("provisioner" or "connection")))
        {
            var key = nested.Type == "dynamic" && nested.Labels.Count > 0 ? nested.Labels[0] : nested.Type;
            var references = new List<string>(arguments.GetValueOrDefault(key) ?? []);
            Lifecycle? unused = null;
            if (nested.Type == "lifecycle")
            {
                ReadLifecycle(nested.Body, references);
            }
            else
            {
                CollectBody(file, nested.Body, key + ".", references, [], [], ref unused);
            }

            arguments[key] = references;
        }

        return arguments;
    }

    public static List<string> Traversals(Expression? expression)
    {
        var result = new List<string>();
        AddTraversals(expression, result);
        return result;
    }

    private static void AddTraversals(Expression? expression, List<string> into)
    {
        if (expression is not null)
        {
            ReferenceCollector.CollectText(expression, into);
        }
    }

    private static void CollectBody(SourceText file, Body body, string prefix, List<string> references, List<LiteralArgument> literals, List<string> dynamics, ref Lifecycle? lifecycle)
    {
        // Index loops: a foreach over the lists' interfaces costs an enumerator object per body.
        for (var i = 0; i < body.Attributes.Count; i++)
        {
            var attribute = body.Attributes[i];
            if (prefix.Length == 0 && Meta.Contains(attribute.Name))
            {
                continue;
            }

            AddTraversals(attribute.Value, references);
            CollectLiterals(attribute.Value, prefix + attribute.Name, literals);
        }

        for (var i = 0; i < body.Blocks.Count; i++)
        {
            var nested = body.Blocks[i];
            if (prefix.Length == 0 && nested.Type == "lifecycle")
            {
                lifecycle = ReadLifecycle(nested.Body, references);
                continue;
            }

            if (nested.Type is "provisioner" or "connection")
            {
                continue;
            }

            if (nested.Type == "dynamic" && nested.Labels.Count > 0)
            {
                dynamics.Add(nested.Labels[0]);
            }

            var inner = prefix + (nested.Type == "dynamic" && nested.Labels.Count > 0 ? nested.Labels[0] : nested.Type) + ".";
            CollectBody(file, nested.Body, inner, references, literals, dynamics, ref lifecycle);
        }
    }

    private static Lifecycle ReadLifecycle(Body body, List<string> references)
    {
        var triggers = Traversals(body.Attribute("replace_triggered_by")?.Value);
        references.AddRange(triggers);
        foreach (var condition in body.Blocks)
        {
            foreach (var attribute in condition.Body.Attributes)
            {
                references.AddRange(Traversals(attribute.Value).Where(t => !t.StartsWith("self.", StringComparison.Ordinal)));
            }
        }

        var ignore = body.Attribute("ignore_changes")?.Value switch
        {
            TupleExpression tuple => tuple.Items.Select(i => ReferenceCollector.Collect(i) is [var first, ..] ? first.ToString() : "").ToList(),
            VariableExpression { Name: "all" } => ["all"],
            _ => [],
        };
        return new Lifecycle(IsTrue(body, "create_before_destroy"), IsTrue(body, "prevent_destroy"), ignore, triggers);
    }

    private static bool IsTrue(Body body, string name) => body.Attribute(name)?.Value is LiteralExpression { Value: true };

    private static void CollectLiterals(Expression expression, string path, List<LiteralArgument> literals)
    {
        switch (expression)
        {
            case TemplateExpression { LiteralValue: { } text }:
                literals.Add(new LiteralArgument(path, text));
                break;
            case LiteralExpression { Value: string text }:
                literals.Add(new LiteralArgument(path, text));
                break;
            case ObjectExpression obj:
                foreach (var item in obj.Items)
                {
                    var key = item.Key switch
                    {
                        LiteralExpression { Value: string k } => k,
                        TemplateExpression { LiteralValue: { } k } => k,
                        _ => "*",
                    };
                    CollectLiterals(item.Value, path + "." + key, literals);
                }

                break;
            case TupleExpression tuple:
                for (var i = 0; i < tuple.Items.Count; i++)
                {
                    // Only an item that can hold a literal string costs its path ("input[0]").
                    if (tuple.Items[i] is TemplateExpression or LiteralExpression or ObjectExpression or TupleExpression or FunctionCallExpression)
                    {
                        CollectLiterals(tuple.Items[i], $"{path}[{i}]", literals);
                    }
                }

                break;
            case FunctionCallExpression call:
                foreach (var argument in call.Arguments)
                {
                    CollectLiterals(argument, path, literals);
                }

                break;
        }
    }
}
