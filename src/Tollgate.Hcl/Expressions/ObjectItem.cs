namespace Tollgate.Hcl.Expressions;

/// <summary>One <c>key = value</c> (or <c>key: value</c>) of an object constructor. A bare-name key is a literal string.</summary>
public sealed record ObjectItem(Expression Key, Expression Value);
