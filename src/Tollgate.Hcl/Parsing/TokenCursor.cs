using Tollgate.Hcl.Syntax;

namespace Tollgate.Hcl.Parsing;

/// <summary>
/// A position in the token stream of one source span. Inside brackets, braces and parentheses of an expression
/// newlines mean nothing and are skipped; in a body they end an attribute. <see cref="IgnoreNewlines"/> switches
/// between the two. Tokens are pulled from the <see cref="Lexer"/> as the parser asks for them and forgotten once
/// read, so a file of any size holds only the few tokens of look-ahead in memory.
/// </summary>
internal sealed class TokenCursor(SourceText source, Lexer lexer)
{
    private readonly Stack<bool> _modes = new([false]);

    /// <summary>The mode on top of <see cref="_modes"/>, read at every token.</summary>
    private bool _ignoreNewlines;

    /// <summary>Tokens lexed but not yet read; <see cref="_index"/> is the next one. Emptied whenever all are read.</summary>
    private readonly List<Token> _ahead = [];
    private int _index;

    public SourceText Source { get; } = source;

    public Token Peek()
    {
        if (_ignoreNewlines)
        {
            while (At(_index).Kind == TokenKind.Newline)
            {
                Advance();
            }
        }

        return At(_index);
    }

    public Token PeekAfter()
    {
        var token = Peek();
        if (token.Kind == TokenKind.EndOfFile)
        {
            return token;
        }

        var i = _index + 1;
        while (_ignoreNewlines && At(i).Kind == TokenKind.Newline)
        {
            i++;
        }

        return At(i);
    }

    public bool At(TokenKind kind) => Peek().Kind == kind;

    public bool AtKeyword(string keyword) => At(TokenKind.Identifier) && Text(Peek()) == keyword;

    public Token Next()
    {
        var token = Peek();
        if (token.Kind != TokenKind.EndOfFile)
        {
            Advance();
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

    public void IgnoreNewlines(bool ignore)
    {
        _modes.Push(ignore);
        _ignoreNewlines = ignore;
    }

    public void RestoreNewlines()
    {
        _modes.Pop();
        _ignoreNewlines = _modes.Peek();
    }

    public string Text(Token token) => Source.Text[token.Start..token.End];

    /// <summary>The text of an identifier: the same string as the last time this thread read it, when still in its table.</summary>
    public string Name(Token token) => Source.Identifiers.Get(Source.Text.AsSpan(token.Start, token.End - token.Start));

    public HclSyntaxException Error(Token token, string message) => new(Source.PositionOf(token.Start), message);

    /// <summary>The token <paramref name="i"/> places into the look-ahead, lexing as far as needed; the end of file repeats.</summary>
    private Token At(int i)
    {
        while (_ahead.Count <= i)
        {
            if (_ahead.Count > 0 && _ahead[^1].Kind == TokenKind.EndOfFile)
            {
                return _ahead[^1];
            }

            _ahead.Add(lexer.Next());
        }

        return _ahead[i];
    }

    private void Advance()
    {
        if (++_index == _ahead.Count)
        {
            _ahead.Clear();
            _index = 0;
        }
    }

    public string Describe(Token token) => token.Kind switch
    {
        TokenKind.EndOfFile => "end of file",
        TokenKind.Newline => "end of line",
        TokenKind.QuotedTemplate => "a string",
        TokenKind.Heredoc => "a heredoc",
        _ => $"'{Text(token)}'",
    };
}
