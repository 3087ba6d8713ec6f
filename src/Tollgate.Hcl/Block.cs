using Tollgate.Hcl.Syntax;

namespace Tollgate.Hcl;

/// <summary><c>type "label" … { body }</c>: <see cref="Position"/> is where its type is written.</summary>
public sealed record Block(string Type, IReadOnlyList<string> Labels, Body Body, SourcePosition Position)
{
    /// <summary>The offset just past its closing brace (as an <see cref="Expressions.Expression"/>'s end): <see cref="SourceText.PositionOf"/> of it is the column after the block.</summary>
    public int End { get; init; }
}
