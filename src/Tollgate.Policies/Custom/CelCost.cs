using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using Cel;
using Cel.Internal;

namespace Tollgate.Policies.Custom;

/// <summary>
/// The cost of a CEL expression, estimated at load from its parse tree and metered at evaluation. CEL's only loops
/// are the comprehension macros (<c>all</c>, <c>exists</c>, <c>exists_one</c>, <c>map</c>, <c>filter</c>); nested,
/// they multiply: nine nested <c>exists</c> over ten items is a billion steps. The estimate assumes every list holds
/// <see cref="AssumedListSize"/> items; the meter counts each evaluation of a macro's body, so lists longer than
/// assumed (or built inside the expression) are still stopped at the budget.
/// </summary>
public static class CelCost
{
    /// <summary>Items per list the load-time estimate assumes.</summary>
    public const int AssumedListSize = 100;

    private static readonly HashSet<string> Comprehensions = new(StringComparer.Ordinal) { "all", "exists", "exists_one", "map", "filter" };

    /// <summary>The estimated steps of one evaluation and the deepest nesting of comprehensions.</summary>
    public static (double Steps, int Depth) Estimate(CelParser.StartContext tree)
    {
        var steps = 1.0;
        var deepest = 0;
        foreach (var (_, depth, _) in Bodies(tree))
        {
            steps += Math.Pow(AssumedListSize, depth);
            deepest = Math.Max(deepest, depth);
        }

        return (steps, deepest);
    }

    /// <summary>
    /// The text with every comprehension body <c>b</c> guarded as <c>(meter() ? (b) : false)</c> (<c>null</c> for
    /// <c>map</c>'s): the meter counts one step and answers true, so the expression means the same; once a bound is
    /// hit it answers false, every remaining body is skipped and the loops run out at once (the package's macros
    /// swallow exceptions, so throwing would not stop them).
    /// </summary>
    public static string Instrument(string text, CelParser.StartContext tree, string meter)
    {
        var inserts = new List<(int At, string Text)>();
        foreach (var (body, _, mapped) in Bodies(tree))
        {
            inserts.Add((body.Start.StartIndex, "(" + meter + "() ? ("));
            inserts.Add((body.Stop.StopIndex + 1, mapped ? ") : null)" : ") : false)"));
        }

        var result = new System.Text.StringBuilder(text);
        foreach (var (at, insert) in inserts.OrderByDescending(i => i.At))
        {
            result.Insert(at, insert);
        }

        return result.ToString();
    }

    /// <summary>Each comprehension's body (or bodies: <c>map</c> may filter too) with the number of comprehensions it is inside, itself included.</summary>
    private static List<(ParserRuleContext Body, int Depth, bool Mapped)> Bodies(IParseTree tree)
    {
        var found = new List<(ParserRuleContext, int, bool)>();
        var bodyDepth = new Dictionary<IParseTree, int>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(IParseTree Node, int Depth)>();
        pending.Push((tree, 0));
        while (pending.Count > 0)
        {
            var (node, depth) = pending.Pop();
            if (node is CelParser.MemberCallContext call && call.IDENTIFIER() is { } name && Comprehensions.Contains(name.GetText())
                && call.exprList() is { } arguments && arguments.expr().Length is 2 or 3)
            {
                var bodies = arguments.expr()[1..];
                for (var b = 0; b < bodies.Length; b++)
                {
                    var body = bodies[b];
                    found.Add((body, depth + 1, name.GetText() == "map" && b == bodies.Length - 1));
                    bodyDepth[body] = depth + 1;
                }
            }

            for (var i = 0; i < node.ChildCount; i++)
            {
                var child = node.GetChild(i);
                pending.Push((child, bodyDepth.TryGetValue(child, out var inside) ? inside : depth));
            }
        }

        return found;
    }
}
