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
        Walk(expression, null, found, null);
        return found;
    }

    /// <summary>
    /// The text (<see cref="Traversal.ToString"/>) of every traversal <see cref="Collect"/> lists, in the same order,
    /// appended to <paramref name="texts"/>: a plain <c>a.b.c</c> costs its string and nothing else.
    /// </summary>
    public static void CollectText(Expression expression, List<string> texts) => Walk(expression, null, null, texts);

    /// <summary>
    /// <paramref name="bound"/>: the names <c>for</c> expressions bind here; null outside any. Traversals go to
    /// <paramref name="found"/>, or as text to <paramref name="texts"/> when that is given instead.
    /// </summary>
    private static void Walk(Expression expression, HashSet<string>? bound, List<Traversal>? found, List<string>? texts)
    {
        switch (expression)
        {
            case VariableExpression or GetAttrExpression or IndexExpression when RootOf(expression) is VariableExpression root:
                if (texts is null)
                {
                    WalkChain(expression, root, bound, found!);
                }
                else if (PlainLength(expression) is var length and > 0)
                {
                    if (bound is null || !bound.Contains(root.Name))
                    {
                        texts.Add(PlainText(expression, length));
                    }
                }
                else
                {
                    var indexed = new List<Traversal>();
                    WalkChain(expression, root, bound, indexed);
                    foreach (var traversal in indexed)
                    {
                        texts.Add(traversal.ToString());
                    }
                }

                break;
            case ForExpression loop:
                Walk(loop.Collection, bound, found, texts);
                var inner = Bind(bound, loop.KeyVariable, loop.ValueVariable);
                foreach (var child in loop.Children().Skip(1))
                {
                    Walk(child, inner, found, texts);
                }

                break;
            case TemplateForExpression loop:
                Walk(loop.Collection, bound, found, texts);
                Walk(loop.Body, Bind(bound, loop.KeyVariable, loop.ValueVariable), found, texts);
                break;
            default:
                var children = expression.Children();
                if (children is IReadOnlyList<Expression> list)
                {
                    for (var i = 0; i < list.Count; i++)
                    {
                        Walk(list[i], bound, found, texts);
                    }

                    break;
                }

                foreach (var child in children)
                {
                    Walk(child, bound, found, texts);
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
                Walk(index.Key, bound, found, null);
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

    /// <summary>The length of <c>root.step.step</c> when the chain has attribute steps only; 0 when it has an index.</summary>
    private static int PlainLength(Expression expression)
    {
        var length = 0;
        for (var e = expression; ; e = ((GetAttrExpression)e).Source)
        {
            switch (e)
            {
                case VariableExpression variable:
                    return length + variable.Name.Length;
                case GetAttrExpression attribute:
                    length += attribute.Name.Length + 1;
                    break;
                default:
                    return 0;
            }
        }
    }

    /// <summary>The text of a chain <see cref="PlainLength"/> measured, written from its last step back to its root.</summary>
    private static string PlainText(Expression expression, int length) => string.Create(length, expression, static (text, chain) =>
    {
        var at = text.Length;
        for (var e = chain; e is GetAttrExpression attribute; e = attribute.Source)
        {
            at -= attribute.Name.Length;
            attribute.Name.CopyTo(text[at..]);
            text[--at] = '.';
        }

        ((VariableExpression)RootOf(chain)).Name.CopyTo(text);
    });

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
