using Tollgate.Hcl.Expressions;
using Tollgate.Hcl.Syntax;

namespace Tollgate.Hcl;

/// <summary>A parsed configuration file.</summary>
public sealed record HclFile(SourceText Source, Body Body)
{
    /// <summary>The source text of an expression, as written.</summary>
    public string TextOf(Expression expression) => Source.Text[expression.Start..expression.End];
}
