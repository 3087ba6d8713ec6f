namespace Tollgate.Hcl.Syntax;

/// <summary>The configuration is not valid HCL; the message starts with <c>file:line:column</c>.</summary>
public sealed class HclSyntaxException : Exception
{
    public HclSyntaxException(SourcePosition position, string message)
        : base($"{position}: {message}")
    {
        Position = position;
    }

    public HclSyntaxException()
    {
    }

    public HclSyntaxException(string message)
        : base(message)
    {
    }

    public HclSyntaxException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public SourcePosition Position { get; }
}
