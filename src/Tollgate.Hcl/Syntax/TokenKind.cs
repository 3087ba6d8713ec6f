namespace Tollgate.Hcl.Syntax;

/// <summary>The kinds of token of HCL native syntax.</summary>
public enum TokenKind
{
    EndOfFile,
    Newline,
    Identifier,
    Number,

    /// <summary>A whole quoted template <c>"…"</c>; its parts are parsed by the template parser.</summary>
    QuotedTemplate,

    /// <summary>A whole heredoc <c>&lt;&lt;EOT … EOT</c> or <c>&lt;&lt;-EOT</c>.</summary>
    Heredoc,
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    OpenParen,
    CloseParen,
    Comma,
    Dot,
    Ellipsis,
    Equals,
    Colon,
    DoubleColon,
    Question,
    FatArrow,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Bang,
    EqualEqual,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    And,
    Or,
}
