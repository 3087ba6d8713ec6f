using Tollgate.Hcl.Expressions;
using Tollgate.Hcl.Syntax;

namespace Tollgate.Hcl;

/// <summary><c>name = expression</c> in a body.</summary>
public sealed record Attribute(string Name, Expression Value, SourcePosition Position);
