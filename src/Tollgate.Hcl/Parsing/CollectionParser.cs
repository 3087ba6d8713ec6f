using Tollgate.Hcl.Expressions;
using Tollgate.Hcl.Syntax;

namespace Tollgate.Hcl.Parsing;

/// <summary>Parses tuple <c>[…]</c> and object <c>{…}</c> constructors and the <c>for</c> expressions in either.</summary>
internal sealed class CollectionParser(TokenCursor cursor, ExpressionParser expressions)
{
    public Expression ParseTuple()
    {
        var open = cursor.Expect(TokenKind.OpenBracket, "'['");
        cursor.IgnoreNewlines(true);
        if (AtFor())
        {
            return ParseFor(open, TokenKind.CloseBracket);
        }

        var items = new List<Expression>();
        while (!cursor.At(TokenKind.CloseBracket))
        {
            items.Add(expressions.Parse());
            if (!cursor.Accept(TokenKind.Comma))
            {
                break;
            }
        }

        var close = cursor.Expect(TokenKind.CloseBracket, "',' or ']' in the list");
        cursor.RestoreNewlines();
        return new TupleExpression(items, open.Start, close.End);
    }

    public Expression ParseObject()
    {
        var open = cursor.Expect(TokenKind.OpenBrace, "'{'");
        cursor.IgnoreNewlines(true);
        if (AtFor())
        {
            return ParseFor(open, TokenKind.CloseBrace);
        }

        var items = new List<ObjectItem>();
        while (!cursor.At(TokenKind.CloseBrace))
        {
            var key = expressions.Parse();
            if (key is VariableExpression bare)
            {
                key = new LiteralExpression(bare.Name, bare.Start, bare.End);
            }

            var separator = cursor.Peek();
            if (!cursor.Accept(TokenKind.Equals) && !cursor.Accept(TokenKind.Colon))
            {
                throw cursor.Error(separator, $"expected '=' or ':' after the object key, found {cursor.Describe(separator)}");
            }

            items.Add(new ObjectItem(key, expressions.Parse()));
            cursor.Accept(TokenKind.Comma);
        }

        var close = cursor.Expect(TokenKind.CloseBrace, "'}' of the object");
        cursor.RestoreNewlines();
        return new ObjectExpression(items, open.Start, close.End);
    }

    private bool AtFor() => cursor.AtKeyword("for") && cursor.PeekAfter().Kind == TokenKind.Identifier;

    private ForExpression ParseFor(Token open, TokenKind closeKind)
    {
        cursor.Next();
        var first = cursor.Text(cursor.Expect(TokenKind.Identifier, "a variable name after 'for'"));
        string? key = null;
        var value = first;
        if (cursor.Accept(TokenKind.Comma))
        {
            key = first;
            value = cursor.Text(cursor.Expect(TokenKind.Identifier, "a value variable name"));
        }

        ExpectKeyword("in");
        var collection = expressions.Parse();
        cursor.Expect(TokenKind.Colon, "':' after the for collection");
        Expression? keyResult = null;
        if (closeKind == TokenKind.CloseBrace)
        {
            keyResult = expressions.Parse();
            cursor.Expect(TokenKind.FatArrow, "'=>' in the object for expression");
        }

        var valueResult = expressions.Parse();
        var grouping = closeKind == TokenKind.CloseBrace && cursor.Accept(TokenKind.Ellipsis);
        Expression? condition = null;
        if (cursor.AtKeyword("if"))
        {
            cursor.Next();
            condition = expressions.Parse();
        }

        var close = cursor.Expect(closeKind, closeKind == TokenKind.CloseBrace ? "'}' closing the for expression" : "']' closing the for expression");
        cursor.RestoreNewlines();
        return new ForExpression(key, value, collection, keyResult, valueResult, condition, grouping, open.Start, close.End);
    }

    private void ExpectKeyword(string keyword)
    {
        var token = cursor.Peek();
        if (!cursor.AtKeyword(keyword))
        {
            throw cursor.Error(token, $"expected '{keyword}', found {cursor.Describe(token)}");
        }

        cursor.Next();
    }
}
