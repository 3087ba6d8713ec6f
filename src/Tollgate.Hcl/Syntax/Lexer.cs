namespace Tollgate.Hcl.Syntax;

/// <summary>
/// Splits HCL native syntax into tokens (spec: https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md).
/// Comments (<c>#</c>, <c>//</c>, <c>/* */</c>) vanish; newlines are tokens because they end attributes. A quoted
/// template or heredoc becomes one token whose interpolations are parsed later, from the same source offsets.
/// </summary>
public sealed class Lexer(SourceText source, int start, int end)
{
    private readonly string _text = source.Text;
    private int _pos = start;

    public Lexer(SourceText source)
        : this(source, 0, source.Text.Length)
    {
    }

    public List<Token> Tokenize()
    {
        var tokens = new List<Token>();
        while (true)
        {
            var token = Next();
            tokens.Add(token);
            if (token.Kind == TokenKind.EndOfFile)
            {
                return tokens;
            }
        }
    }

    /// <summary>The next token; at the end, <see cref="TokenKind.EndOfFile"/> again and again.</summary>
    public Token Next()
    {
        SkipSpaceAndComments();
        if (_pos >= end)
        {
            return new Token(TokenKind.EndOfFile, end, end);
        }

        var c = _text[_pos];
        var begin = _pos;
        if (c == '\n')
        {
            _pos++;
            return new Token(TokenKind.Newline, begin, _pos);
        }

        if (IsIdentifierStart(c))
        {
            while (_pos < end && IsIdentifierPart(_text[_pos]))
            {
                _pos++;
            }

            return new Token(TokenKind.Identifier, begin, _pos);
        }

        if (char.IsAsciiDigit(c))
        {
            return Number(begin);
        }

        if (c == '"')
        {
            _pos++;
            var contentEnd = TemplateScanner.SkipQuoted(source, _pos, end);
            _pos = contentEnd + 1;
            return new Token(TokenKind.QuotedTemplate, begin, _pos) { ContentStart = begin + 1, ContentEnd = contentEnd };
        }

        if (c == '<' && Peek(1) == '<' && (IsIdentifierStart(Peek(2)) || (Peek(2) == '-' && IsIdentifierStart(Peek(3)))))
        {
            return Heredoc(begin);
        }

        return Punctuation(begin, c);
    }

    private Token Punctuation(int begin, char c)
    {
        var two = _pos + 1 < end ? _text.AsSpan(_pos, 2) : [];
        TokenKind? pair = two switch
        {
            "==" => TokenKind.EqualEqual,
            "!=" => TokenKind.NotEqual,
            "<=" => TokenKind.LessEqual,
            ">=" => TokenKind.GreaterEqual,
            "&&" => TokenKind.And,
            "||" => TokenKind.Or,
            "=>" => TokenKind.FatArrow,
            "::" => TokenKind.DoubleColon,
            _ => null,
        };
        if (pair is { } p)
        {
            _pos += 2;
            return new Token(p, begin, _pos);
        }

        if (c == '.' && Peek(1) == '.' && Peek(2) == '.')
        {
            _pos += 3;
            return new Token(TokenKind.Ellipsis, begin, _pos);
        }

        TokenKind kind = c switch
        {
            '{' => TokenKind.OpenBrace,
            '}' => TokenKind.CloseBrace,
            '[' => TokenKind.OpenBracket,
            ']' => TokenKind.CloseBracket,
            '(' => TokenKind.OpenParen,
            ')' => TokenKind.CloseParen,
            ',' => TokenKind.Comma,
            '.' => TokenKind.Dot,
            '=' => TokenKind.Equals,
            ':' => TokenKind.Colon,
            '?' => TokenKind.Question,
            '+' => TokenKind.Plus,
            '-' => TokenKind.Minus,
            '*' => TokenKind.Star,
            '/' => TokenKind.Slash,
            '%' => TokenKind.Percent,
            '!' => TokenKind.Bang,
            '<' => TokenKind.Less,
            '>' => TokenKind.Greater,
            _ => throw new HclSyntaxException(source.PositionOf(begin), $"unexpected character '{c}'"),
        };
        _pos++;
        return new Token(kind, begin, _pos);
    }

    private Token Number(int begin)
    {
        while (_pos < end && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }

        if (_pos + 1 < end && _text[_pos] == '.' && char.IsAsciiDigit(_text[_pos + 1]))
        {
            _pos++;
            while (_pos < end && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }
        }

        if (_pos < end && (_text[_pos] == 'e' || _text[_pos] == 'E'))
        {
            var save = _pos;
            _pos++;
            if (_pos < end && (_text[_pos] == '+' || _text[_pos] == '-'))
            {
                _pos++;
            }

            if (_pos < end && char.IsAsciiDigit(_text[_pos]))
            {
                while (_pos < end && char.IsAsciiDigit(_text[_pos]))
                {
                    _pos++;
                }
            }
            else
            {
                _pos = save;
            }
        }

        return new Token(TokenKind.Number, begin, _pos);
    }

    private Token Heredoc(int begin)
    {
        _pos += 2;
        var indented = _text[_pos] == '-';
        if (indented)
        {
            _pos++;
        }

        var markerStart = _pos;
        while (_pos < end && IsIdentifierPart(_text[_pos]))
        {
            _pos++;
        }

        var marker = _text[markerStart.._pos];
        var lineEnd = _text.IndexOf('\n', _pos, end - _pos);
        if (lineEnd < 0 || _text.AsSpan(_pos, lineEnd - _pos).Trim().Length > 0)
        {
            throw new HclSyntaxException(source.PositionOf(begin), $"heredoc <<{marker} must be followed by a newline");
        }

        var contentStart = lineEnd + 1;
        var lineStart = contentStart;
        while (lineStart < end)
        {
            var next = _text.IndexOf('\n', lineStart, end - lineStart);
            var stop = next < 0 ? end : next;
            if (_text.AsSpan(lineStart, stop - lineStart).Trim().SequenceEqual(marker))
            {
                _pos = stop;
                return new Token(TokenKind.Heredoc, begin, stop) { ContentStart = contentStart, ContentEnd = lineStart, Indented = indented };
            }

            lineStart = stop + 1;
        }

        throw new HclSyntaxException(source.PositionOf(begin), $"heredoc <<{marker} is never closed");
    }

    private void SkipSpaceAndComments()
    {
        while (_pos < end)
        {
            var c = _text[_pos];
            if (c is ' ' or '\t' or '\r' or '\uFEFF')
            {
                _pos++;
            }
            else if (c == '#' || (c == '/' && Peek(1) == '/'))
            {
                while (_pos < end && _text[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else if (c == '/' && Peek(1) == '*')
            {
                var close = _text.IndexOf("*/", _pos + 2, end - _pos - 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw new HclSyntaxException(source.PositionOf(_pos), "comment /* is never closed");
                }

                _pos = close + 2;
            }
            else
            {
                return;
            }
        }
    }

    private char Peek(int ahead) => _pos + ahead < end ? _text[_pos + ahead] : '\0';

    internal static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

    internal static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '-';
}
