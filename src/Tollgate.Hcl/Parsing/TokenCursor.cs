using Tollgate.Hcl.Syntax;

namespace Tollgate.Hcl.Parsing;

/// <summary>
/// A position in a token list. Inside brackets, braces and parentheses of an expression newlines mean nothing and
/// are skipped; in a body they end an attribute. <see cref="IgnoreNewlines"/> switches between the two.
/// </summary>
internal sealed class TokenCursor(SourceText source, List<Token> tokens)
{
    private readonly Stack<bool> _modes = new([false]);
    private int _index;

    public SourceText Source { get; } = source;

    public Token Peek()
    {
        if (_modes.Peek())
        {
            while (tokens[_index].Kind == TokenKind.Newline)
            {
                _index++;
            }
        }

        return tokens[_index];
    }

    public Token PeekAfter()
    {
        Peek();
        var i = _index + 1;
        while (_modes.Peek() && i < tokens.Count && tokens[i].Kind == TokenKind.Newline)
        {
            i++;
        }

        return tokens[Math.Min(i, tokens.Count - 1)];
    }

    public bool At(TokenKind kind) => Peek().Kind == kind;

    public bool AtKeyword(string keyword) => At(TokenKind.Identifier) && Text(Peek()) == keyword;

    public Token Next()
    {
        var token = Peek();
        if (token.Kind != TokenKind.EndOfFile)
        {
            _index++;
        }

        return token;
    }

    public bool Accept(TokenKind kind)
    {
        if (!At(kind))
        {
            return false;
        }

        Next();
        return true;
    }

    public Token Expect(TokenKind kind, string what)
    {
        var token = Peek();
        if (token.Kind != kind)
        {
            throw Error(token, $"expected {what}, found {Describe(token)}");
        }

        return Next();
    }

    /// <summary>One level deeper at <paramref name="token"/>; refuses the file past <see cref="NestingDepth.Limit"/>.</summary>
    public void Enter(Token token) => Source.Nesting.Enter(token.Start);

    public void Exit(int levels = 1) => Source.Nesting.Exit(levels);

    public void IgnoreNewlines(bool ignore) => _modes.Push(ignore);

    public void RestoreNewlines() => _modes.Pop();

    public string Text(Token token) => Source.Text[token.Start..token.End];

    public HclSyntaxException Error(Token token, string message) => new(Source.PositionOf(token.Start), message);

    public string Describe(Token token) => token.Kind switch
    {
        TokenKind.EndOfFile => "end of file",
        TokenKind.Newline => "end of line",
        TokenKind.QuotedTemplate => "a string",
        TokenKind.Heredoc => "a heredoc",
        _ => $"'{Text(token)}'",
    };
}
