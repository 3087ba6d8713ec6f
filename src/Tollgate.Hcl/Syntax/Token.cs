namespace Tollgate.Hcl.Syntax;

/// <summary>
/// One token: its kind and its span in the source. For templates, <see cref="ContentStart"/> and
/// <see cref="ContentEnd"/> delimit the template body (inside the quotes, or between the heredoc's lines).
/// </summary>
public readonly record struct Token(TokenKind Kind, int Start, int End)
{
    public int ContentStart { get; init; }

    public int ContentEnd { get; init; }

    /// <summary>For <c>&lt;&lt;-</c> heredocs: strip the common leading whitespace of the lines.</summary>
    public bool Indented { get; init; }
}
