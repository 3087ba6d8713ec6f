using System.Globalization;
using System.Text;
using Tollgate.Hcl.Expressions;
using Tollgate.Hcl.Syntax;

namespace Tollgate.Hcl.Parsing;

/// <summary>
/// Parses the body of a quoted template or heredoc: literal text (with escapes for quoted templates), <c>${ … }</c>
/// interpolations, <c>%{ if/for … }</c> directives and <c>~</c> strip markers. Sequences are parsed from the same
/// source offsets as the file, so errors inside them point at the right line.
/// </summary>
internal static class TemplateParser
{
    public static TemplateExpression Parse(SourceText source, Token token)
    {
        var quoted = token.Kind == TokenKind.QuotedTemplate;
        var pieces = Split(source, token.ContentStart, token.ContentEnd, quoted);
        if (token.Indented)
        {
            TemplateWhitespace.Dedent(pieces);
        }

        TemplateWhitespace.ApplyStripMarkers(pieces);
        var index = 0;
        var template = Nest(source, pieces, ref index, token.Start, token.End, closing: null);
        if (index < pieces.Count)
        {
            var stray = pieces[index];
            throw new HclSyntaxException(source.PositionOf(stray.Start), $"unexpected %{{ {stray.Directive} }} in template");
        }

        return template;
    }

    private static List<TemplatePiece> Split(SourceText source, int start, int end, bool quoted)
    {
        var text = source.Text;
        var pieces = new List<TemplatePiece>();
        var literal = new StringBuilder();
        var literalStart = start;
        var pos = start;
        while (pos < end)
        {
            if (TemplateScanner.IsSequenceStart(text, pos, end, out var escaped))
            {
                if (escaped)
                {
                    literal.Append(text[pos]).Append('{');
                    pos += 3;
                    continue;
                }

                Flush(pieces, literal, literalStart, pos);
                var close = TemplateScanner.SkipSequence(source, pos + 2, end);
                pieces.Add(Sequence(source, text[pos] == '$', pos, close));
                pos = close + 1;
                literalStart = pos;
                continue;
            }

            if (quoted && text[pos] == '\\')
            {
                pos = Escape(source, pos, end, literal);
                continue;
            }

            literal.Append(text[pos]);
            pos++;
        }

        Flush(pieces, literal, literalStart, end);
        return pieces;
    }

    private static void Flush(List<TemplatePiece> pieces, StringBuilder literal, int start, int end)
    {
        if (literal.Length > 0)
        {
            pieces.Add(new TemplatePiece { Literal = literal.ToString(), Start = start, End = end });
            literal.Clear();
        }
    }

    private static TemplatePiece Sequence(SourceText source, bool interpolation, int start, int close)
    {
        var innerStart = start + 2;
        var innerEnd = close;
        var stripBefore = innerStart < innerEnd && source.Text[innerStart] == '~';
        if (stripBefore)
        {
            innerStart++;
        }

        var stripAfter = innerEnd > innerStart && source.Text[innerEnd - 1] == '~';
        if (stripAfter)
        {
            innerEnd--;
        }

        var cursor = new TokenCursor(source, new Lexer(source, innerStart, innerEnd));
        cursor.IgnoreNewlines(true);
        var parser = new ExpressionParser(cursor);
        if (interpolation)
        {
            var expression = parser.Parse();
            cursor.Expect(TokenKind.EndOfFile, "'}' closing the interpolation");
            return new TemplatePiece { Interpolation = expression, StripBefore = stripBefore, StripAfter = stripAfter, Start = start, End = close + 1 };
        }

        return Directive(cursor, parser, stripBefore, stripAfter, start, close + 1);
    }

    private static TemplatePiece Directive(TokenCursor cursor, ExpressionParser parser, bool stripBefore, bool stripAfter, int start, int end)
    {
        var keywordToken = cursor.Expect(TokenKind.Identifier, "a template directive (if, else, endif, for, endfor)");
        var keyword = cursor.Text(keywordToken);
        Expression? expression = null;
        string? key = null;
        string? value = null;
        switch (keyword)
        {
            case "if":
                expression = parser.Parse();
                break;
            case "for":
                value = cursor.Text(cursor.Expect(TokenKind.Identifier, "a variable name after 'for'"));
                if (cursor.Accept(TokenKind.Comma))
                {
                    key = value;
                    value = cursor.Text(cursor.Expect(TokenKind.Identifier, "a value variable name"));
                }

                if (!cursor.AtKeyword("in"))
                {
                    throw cursor.Error(cursor.Peek(), $"expected 'in', found {cursor.Describe(cursor.Peek())}");
                }

                cursor.Next();
                expression = parser.Parse();
                break;
            case "else" or "endif" or "endfor":
                break;
            default:
                throw cursor.Error(keywordToken, $"unknown template directive '{keyword}'");
        }

        cursor.Expect(TokenKind.EndOfFile, "'}' closing the directive");
        return new TemplatePiece
        {
            Directive = keyword, DirectiveExpression = expression, KeyVariable = key, ValueVariable = value,
            StripBefore = stripBefore, StripAfter = stripAfter, Start = start, End = end,
        };
    }

    private static int Escape(SourceText source, int pos, int end, StringBuilder into)
    {
        var text = source.Text;
        if (pos + 1 >= end)
        {
            throw new HclSyntaxException(source.PositionOf(pos), "a backslash must be followed by an escape character");
        }

        var c = text[pos + 1];
        switch (c)
        {
            case 'n': into.Append('\n'); return pos + 2;
            case 'r': into.Append('\r'); return pos + 2;
            case 't': into.Append('\t'); return pos + 2;
            case '"': into.Append('"'); return pos + 2;
            case '\\': into.Append('\\'); return pos + 2;
            case 'u' or 'U':
                var digits = c == 'u' ? 4 : 8;
                if (pos + 2 + digits > end || !int.TryParse(text.AsSpan(pos + 2, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                {
                    throw new HclSyntaxException(source.PositionOf(pos), $"\\{c} must be followed by {digits} hexadecimal digits");
                }

                // As HCL does (hclsyntax: "Invalid escape sequence: Cannot encode character U+d800 in UTF-8"): a surrogate,
                // even one of a pair written as two escapes, or a number past U+10FFFF is no character.
                if (!Rune.IsValid(code))
                {
                    throw new HclSyntaxException(source.PositionOf(pos), $"invalid escape sequence {text.AsSpan(pos, 2 + digits)}: cannot encode character U+{(uint)code:X4} in UTF-8 ({(code is >= 0xD800 and <= 0xDFFF ? "a UTF-16 surrogate is no character" : "Unicode ends at U+10FFFF")})");
                }

                into.Append(char.ConvertFromUtf32(code));
                return pos + 2 + digits;
            default:
                throw new HclSyntaxException(source.PositionOf(pos), $"invalid escape sequence \\{c}");
        }
    }

    private static TemplateExpression Nest(SourceText source, List<TemplatePiece> pieces, ref int index, int start, int end, string[]? closing)
    {
        var parts = new List<Expression>();
        while (index < pieces.Count)
        {
            var piece = pieces[index];
            if (piece.Directive is { } keyword && closing is not null && closing.Contains(keyword))
            {
                break;
            }

            index++;
            if (piece.Literal is { } literal)
            {
                parts.Add(new LiteralExpression(literal, piece.Start, piece.End));
            }
            else if (piece.Interpolation is { } expression)
            {
                parts.Add(expression);
            }
            else
            {
                parts.Add(NestDirective(source, pieces, piece, ref index));
            }
        }

        return new TemplateExpression(parts, start, end);
    }

    private static Expression NestDirective(SourceText source, List<TemplatePiece> pieces, TemplatePiece opening, ref int index)
    {
        source.Nesting.Enter(opening.Start);
        var directive = NestDirectiveBody(source, pieces, opening, ref index);
        source.Nesting.Exit();
        return directive;
    }

    private static Expression NestDirectiveBody(SourceText source, List<TemplatePiece> pieces, TemplatePiece opening, ref int index)
    {
        if (opening.Directive == "if")
        {
            var then = Nest(source, pieces, ref index, opening.End, opening.End, ["else", "endif"]);
            TemplateExpression? otherwise = null;
            if (index < pieces.Count && pieces[index].Directive == "else")
            {
                index++;
                otherwise = Nest(source, pieces, ref index, opening.End, opening.End, ["endif"]);
            }

            var endIf = Close(source, pieces, ref index, opening, "endif");
            return new TemplateIfExpression(opening.DirectiveExpression!, then, otherwise, opening.Start, endIf.End);
        }

        if (opening.Directive == "for")
        {
            var body = Nest(source, pieces, ref index, opening.End, opening.End, ["endfor"]);
            var endFor = Close(source, pieces, ref index, opening, "endfor");
            return new TemplateForExpression(opening.KeyVariable, opening.ValueVariable!, opening.DirectiveExpression!, body, opening.Start, endFor.End);
        }

        throw new HclSyntaxException(source.PositionOf(opening.Start), $"%{{ {opening.Directive} }} without a matching opening directive");
    }

    private static TemplatePiece Close(SourceText source, List<TemplatePiece> pieces, ref int index, TemplatePiece opening, string keyword)
    {
        if (index >= pieces.Count || pieces[index].Directive != keyword)
        {
            throw new HclSyntaxException(source.PositionOf(opening.Start), $"%{{ {opening.Directive} }} is never closed with %{{ {keyword} }}");
        }

        return pieces[index++];
    }
}
