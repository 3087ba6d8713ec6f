namespace Tollgate.Hcl.Traversals;

/// <summary>
/// A static path into the scope, like HCL's "variables" of an expression: <c>aws_vpc.main.id</c> is root
/// <c>aws_vpc</c> with steps <c>main</c>, <c>id</c>. Index steps keep their key as written (<c>["a"]</c>, <c>[0]</c>);
/// a dynamic index ends the traversal.
/// </summary>
public sealed record Traversal(string Root, IReadOnlyList<string> Steps, int Start)
{
    /// <summary>The first <paramref name="count"/> attribute steps after the root, joined with dots; null when fewer exist.</summary>
    public string? Prefix(int count)
    {
        if (Steps.Count < count || Steps.Take(count).Any(s => s.StartsWith('[')))
        {
            return null;
        }

        return count == 0 ? Root : Root + "." + string.Join('.', Steps.Take(count));
    }

    public override string ToString()
    {
        if (Steps.Count == 0)
        {
            return Root;
        }

        var length = Root.Length;
        foreach (var step in Steps)
        {
            length += step.StartsWith('[') ? step.Length : step.Length + 1;
        }

        return string.Create(length, this, static (text, traversal) =>
        {
            traversal.Root.CopyTo(text);
            var at = traversal.Root.Length;
            foreach (var step in traversal.Steps)
            {
                if (!step.StartsWith('['))
                {
                    text[at++] = '.';
                }

                step.CopyTo(text[at..]);
                at += step.Length;
            }
        });
    }
}
