namespace Tollgate.Hcl.Parsing;

/// <summary>One item of a body as it is read: an attribute or a block.</summary>
internal readonly record struct BodyItem(Attribute? Attribute, Block? Block);
