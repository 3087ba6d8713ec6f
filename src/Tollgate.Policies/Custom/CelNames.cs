using Antlr4.Runtime.Tree;
using Cel;
using Cel.Internal;
using Tollgate.Yaml;

namespace Tollgate.Policies.Custom;

/// <summary>
/// The names a <c>when</c> uses, checked on its parse tree at load. CEL binds variables and functions late, and the
/// dry run on a sample stops at the first false operand of <c>&amp;&amp;</c> (true of <c>||</c>, the branch not taken
/// of <c>?:</c>), so a typo behind one (<c>change.mode == "data" &amp;&amp; chnage.type == "x"</c>) would load and
/// only show when a plan reached it. So: every identifier is a variable the scope binds, a comprehension's own
/// variable or a name CEL knows (<c>int</c>, <c>string</c>, …); every function one the environment has; and every
/// field selected on a variable whose fields are fixed (<c>change</c>, <c>plan</c>: a map in the sample) one of them.
/// Fields below those (<c>change.after.x</c>) are the provider's and are not known at load: reading one that is not
/// there fails closed when evaluated.
/// </summary>
internal static class CelNames
{
    private static readonly string[] Macros = ["all", "exists", "exists_one", "map", "filter"];

    /// <summary>Standard names offered as near misses, those the environment really has.</summary>
    private static readonly string[] Offered =
    [
        "has", "size", "contains", "startsWith", "endsWith", "matches", "int", "uint", "double", "string", "bool", "bytes",
        "type", "dyn", "timestamp", "duration", .. Macros,
    ];

    /// <summary>What is wrong with the names of <paramref name="tree"/>, or null.</summary>
    public static string? Problem(IParseTree tree, IDictionary<string, object?> sample, Func<CelEnvironment> environment)
    {
        var nodes = Nodes(tree);
        var bound = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (node is CelParser.MemberCallContext call && Macros.Contains(call.IDENTIFIER()?.GetText()) && call.exprList()?.expr() is [var first, ..])
            {
                bound.Add(first.GetText());
            }
        }

        foreach (var node in nodes)
        {
            var problem = node switch
            {
                CelParser.IdentOrGlobalCallContext { id: { } id } ident when ident.LPAREN() is null =>
                    sample.ContainsKey(id.Text) || bound.Contains(id.Text) || Known(environment, id.Text, CelUndeclared)
                        ? null
                        : $"names '{id.Text}', which is not a variable here (this rule sees: {string.Join(", ", sample.Keys)})"
                          + Near(id.Text, sample.Keys),
                CelParser.IdentOrGlobalCallContext { id: { } id } =>
                    Known(environment, id.Text + "()", CelUndeclared) ? null : $"calls {id.Text}(), which CEL does not have" + NearFunction(environment, id.Text),
                CelParser.MemberCallContext { id: { } id } =>
                    Macros.Contains(id.Text) || Known(environment, "\"\"." + id.Text + "()", NoMemberFunction) ? null
                        : $"calls .{id.Text}(), which CEL does not have" + NearFunction(environment, id.Text),
                CelParser.SelectContext { id: { } id } select => Field(Variable(select.member()), id.Text, sample, bound),
                _ => null,
            };
            if (problem is not null)
            {
                return "when " + problem;
            }
        }

        return null;
    }

    /// <summary>Why <c>variable.field</c> cannot be read, when the variable's fields are fixed and this is none of them.</summary>
    private static string? Field(string? variable, string field, IDictionary<string, object?> sample, HashSet<string> bound) =>
        variable is not null && !bound.Contains(variable) && sample.TryGetValue(variable, out var value)
        && value is IDictionary<string, object?> fields && !fields.ContainsKey(field)
            ? $"reads {variable}.{field}, which {variable} does not have ({variable} has: {string.Join(", ", fields.Keys)})" + Near(field, fields.Keys)
            : null;

    /// <summary>The variable a selection reads from directly (<c>change</c> in <c>change.type</c>), or null.</summary>
    private static string? Variable(CelParser.MemberContext member) =>
        member is CelParser.PrimaryExprContext { } primary && primary.primary() is CelParser.IdentOrGlobalCallContext { id: { } id } ident
        && ident.LPAREN() is null && ident.leadingDot is null
            ? id.Text
            : null;

    private static bool CelUndeclared(Exception e) => e is CelUndeclaredReferenceException or CelUnboundFunctionException;

    private static bool NoMemberFunction(Exception e) =>
        e is CelExpressionParserException && e.Message.Contains("no function, variable or macro", StringComparison.Ordinal);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Probed = new(StringComparer.Ordinal);

    /// <summary>True unless evaluating <paramref name="probe"/> with no variables fails with an unknown name.</summary>
    private static bool Known(Func<CelEnvironment> environment, string probe, Func<Exception, bool> unknown)
    {
        if (Probed.TryGetValue(probe, out var known))
        {
            return known;
        }

        try
        {
            environment().Program(probe, new Dictionary<string, object?>());
            known = true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            known = !unknown(e);
        }

        if (Probed.Count < 1024)
        {
            Probed[probe] = known;
        }

        return known;
    }

    private static string NearFunction(Func<CelEnvironment> environment, string name) =>
        KeySuggestion.For(name, Offered) is { } near && (Macros.Contains(near) || Known(environment, "\"\"." + near + "()", NoMemberFunction) || Known(environment, near + "()", CelUndeclared))
            ? $"; did you mean {near}()?"
            : "";

    private static string Near(string name, IEnumerable<string> accepted) =>
        KeySuggestion.For(name, accepted) is { } near ? $"; did you mean '{near}'?" : "";

    /// <summary>Every node of <paramref name="tree"/>, each before its children, in the order written.</summary>
    internal static List<IParseTree> Nodes(IParseTree tree)
    {
        var all = new List<IParseTree>();
        var pending = new Stack<IParseTree>([tree]);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            all.Add(node);
            for (var i = node.ChildCount - 1; i >= 0; i--)
            {
                pending.Push(node.GetChild(i));
            }
        }

        return all;
    }
}
