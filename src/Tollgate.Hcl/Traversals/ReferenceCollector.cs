using System.Globalization;
using Tollgate.Hcl.Expressions;

namespace Tollgate.Hcl.Traversals;

/// <summary>
/// Lists every traversal an expression reads from its scope, as HCL's <c>Variables()</c> does: names bound by
/// <c>for</c> expressions and template <c>for</c> directives are local and not listed; splat items are not roots.
/// </summary>
public static class ReferenceCollector
{
    public static IReadOnlyList<Traversal> Collect(Expression expression)
    {
        var found = new List<Traversal>();
        Walk(expression, null, found);
        return found;
    }

    /// <summary><paramref name="bound"/>: the names <c>for</c> expressions bind here; null outside any.</summary>
    private static void Walk(Expression expression, HashSet<string>? bound, List<Traversal> found)
    {
        switch (expression)
        {
            case VariableExpression or GetAttrExpression or IndexExpression when RootOf(expression) is VariableExpression root:
                WalkChain(expression, root, bound, found);
                break;
            case ForExpression loop:
                Walk(loop.Collection, bound, found);
                var inner = Bind(bound, loop.KeyVariable, loop.ValueVariable);
                foreach (var child in loop.Children().Skip(1))
                {
                    Walk(child, inner, found);
                }

                break;
            case TemplateForExpression loop:
                Walk(loop.Collection, bound, found);
                Walk(loop.Body, Bind(bound, loop.KeyVariable, loop.ValueVariable), found);
                break;
            default:
                foreach (var child in expression.Children())
                {
                    Walk(child, bound, found);
                }

                break;
        }
    }

    private static void WalkChain(Expression expression, VariableExpression root, HashSet<string>? bound, List<Traversal> found)
    {
        var chain = new List<Expression>();
        for (var e = expression; e is not VariableExpression; e = e is GetAttrExpression g ? g.Source : ((IndexExpression)e).Source)
        {
            chain.Add(e);
        }

        chain.Reverse();
        var steps = new List<string>();
        var dynamic = false;
        foreach (var step in chain)
        {
            if (step is GetAttrExpression attribute)
            {
                if (!dynamic)
                {
                    steps.Add(attribute.Name);
                }
            }
            else if (step is IndexExpression index)
            {
                Walk(index.Key, bound, found);
                if (!dynamic && StaticKey(index.Key) is { } key)
                {
                    steps.Add(key);
                }
                else
                {
                    dynamic = true;
                }
            }
        }

        if (bound is null || !bound.Contains(root.Name))
        {
            found.Add(new Traversal(root.Name, steps, root.Start));
        }
    }

    private static Expression RootOf(Expression expression) => expression switch
    {
        GetAttrExpression g => RootOf(g.Source),
        IndexExpression i => RootOf(i.Source),
        _ => expression,
    };

    private static string? StaticKey(Expression key) => key switch
    {
        LiteralExpression { Value: double d } => "[" + d.ToString(CultureInfo.InvariantCulture) + "]",
        LiteralExpression { Value: string s } => "[\"" + s + "\"]",
        TemplateExpression { LiteralValue: { } s } => "[\"" + s + "\"]",
        _ => null,
    };

    private static HashSet<string> Bind(HashSet<string>? bound, string? key, string value)
    {
        var inner = new HashSet<string>(bound ?? [], StringComparer.Ordinal) { value };
        if (key is not null)
        {
            inner.Add(key);
        }

        return inner;
    }
}
