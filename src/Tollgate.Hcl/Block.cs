using Tollgate.Hcl.Syntax;

namespace Tollgate.Hcl;

/// <summary><c>type "label" … { body }</c>.</summary>
public sealed record Block(string Type, IReadOnlyList<string> Labels, Body Body, SourcePosition Position);
