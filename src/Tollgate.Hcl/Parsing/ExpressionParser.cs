using System.Globalization;
using Tollgate.Hcl.Expressions;
using Tollgate.Hcl.Syntax;

namespace Tollgate.Hcl.Parsing;

/// <summary>
/// Recursive-descent parser of HCL expressions, lowest precedence first: conditional, <c>||</c>, <c>&amp;&amp;</c>,
/// equality, comparison, additive, multiplicative, unary, then traversals, indexes and splats on a primary.
/// </summary>
internal sealed class ExpressionParser(TokenCursor cursor)
{
    private static readonly TokenKind[][] Levels =
    [
        [TokenKind.Or],
        [TokenKind.And],
        [TokenKind.EqualEqual, TokenKind.NotEqual],
        [TokenKind.Less, TokenKind.LessEqual, TokenKind.Greater, TokenKind.GreaterEqual],
        [TokenKind.Plus, TokenKind.Minus],
        [TokenKind.Star, TokenKind.Slash, TokenKind.Percent],
    ];

    public Expression Parse()
    {
        cursor.Enter(cursor.Peek());
        var condition = ParseBinary(0);
        if (!cursor.Accept(TokenKind.Question))
        {
            cursor.Exit();
            return condition;
        }

        var whenTrue = Parse();
        cursor.Expect(TokenKind.Colon, "':' of the conditional expression");
        var whenFalse = Parse();
        cursor.Exit();
        return new ConditionalExpression(condition, whenTrue, whenFalse, condition.Start, whenFalse.End);
    }

    private Expression ParseBinary(int level)
    {
        if (level == Levels.Length)
        {
            return ParseUnary();
        }

        var left = ParseBinary(level + 1);
        var chain = 0;
        while (Array.IndexOf(Levels[level], cursor.Peek().Kind) >= 0)
        {
            // Each operator of a chain puts the tree one level deeper (a + b + c is (a + b) + c).
            cursor.Enter(cursor.Peek());
            chain++;
            var op = cursor.Text(cursor.Next());
            var right = ParseBinary(level + 1);
            left = new BinaryExpression(op, left, right, left.Start, right.End);
        }

        cursor.Exit(chain);
        return left;
    }

    private Expression ParseUnary()
    {
        var token = cursor.Peek();
        if (token.Kind is TokenKind.Bang or TokenKind.Minus)
        {
            cursor.Enter(token);
            cursor.Next();
            var operand = ParseUnary();
            cursor.Exit();
            return new UnaryExpression(cursor.Text(token), operand, token.Start, operand.End);
        }

        return ParsePostfix(ParsePrimary());
    }

    private Expression ParsePostfix(Expression source)
    {
        var steps = 0;
        var result = ParseSteps(source, ref steps);
        cursor.Exit(steps);
        return result;
    }

    /// <summary>Attributes, indexes and splats after a primary; each step puts the tree one level deeper.</summary>
    private Expression ParseSteps(Expression source, ref int steps)
    {
        while (true)
        {
            var token = cursor.Peek();
            if (token.Kind is TokenKind.Dot or TokenKind.OpenBracket)
            {
                cursor.Enter(token);
                steps++;
            }

            if (token.Kind == TokenKind.Dot)
            {
                if (cursor.PeekAfter().Kind == TokenKind.Star)
                {
                    cursor.Next();
                    cursor.Next();
                    var each = ParseSplatSteps(full: false, new SplatItemExpression(token.Start, token.End), ref steps);
                    source = new SplatExpression(source, each, false, source.Start, each.End);
                    continue;
                }

                source = ParseAttribute(source);
            }
            else if (token.Kind == TokenKind.OpenBracket && cursor.PeekAfter().Kind == TokenKind.Star)
            {
                cursor.Next();
                cursor.Next();
                var close = cursor.Expect(TokenKind.CloseBracket, "']' of the splat");
                var each = ParseSplatSteps(full: true, new SplatItemExpression(token.Start, close.End), ref steps);
                source = new SplatExpression(source, each, true, source.Start, each.End);
            }
            else if (token.Kind == TokenKind.OpenBracket)
            {
                source = ParseIndex(source);
            }
            else
            {
                return source;
            }
        }
    }

    /// <summary>The steps after a splat: attributes (and, for a full splat, indexes) applied to each element.</summary>
    private Expression ParseSplatSteps(bool full, Expression item, ref int steps)
    {
        while (true)
        {
            var kind = cursor.Peek().Kind;
            if (kind is TokenKind.Dot or TokenKind.OpenBracket)
            {
                cursor.Enter(cursor.Peek());
                steps++;
            }

            if (kind == TokenKind.Dot && cursor.PeekAfter().Kind != TokenKind.Star)
            {
                item = ParseAttribute(item);
            }
            else if (full && kind == TokenKind.OpenBracket && cursor.PeekAfter().Kind != TokenKind.Star)
            {
                item = ParseIndex(item);
            }
            else
            {
                return item;
            }
        }
    }

    private Expression ParseAttribute(Expression source)
    {
        cursor.Expect(TokenKind.Dot, "'.'");
        var name = cursor.Next();
        if (name.Kind is not (TokenKind.Identifier or TokenKind.Number))
        {
            throw cursor.Error(name, $"expected an attribute name after '.', found {cursor.Describe(name)}");
        }

        return new GetAttrExpression(source, cursor.Name(name), source.Start, name.End);
    }

    private Expression ParseIndex(Expression source)
    {
        cursor.Expect(TokenKind.OpenBracket, "'['");
        cursor.IgnoreNewlines(true);
        var key = Parse();
        var close = cursor.Expect(TokenKind.CloseBracket, "']' of the index");
        cursor.RestoreNewlines();
        return new IndexExpression(source, key, source.Start, close.End);
    }

    private Expression ParsePrimary()
    {
        var token = cursor.Peek();
        switch (token.Kind)
        {
            case TokenKind.Number:
                cursor.Next();
                return new LiteralExpression(double.Parse(cursor.Text(token), NumberStyles.Float, CultureInfo.InvariantCulture), token.Start, token.End);
            case TokenKind.QuotedTemplate or TokenKind.Heredoc:
                cursor.Next();
                return TemplateParser.Parse(cursor.Source, token);
            case TokenKind.OpenParen:
                return ParseParentheses();
            case TokenKind.OpenBracket:
                return new CollectionParser(cursor, this).ParseTuple();
            case TokenKind.OpenBrace:
                return new CollectionParser(cursor, this).ParseObject();
            case TokenKind.Identifier:
                return ParseName();
            default:
                throw cursor.Error(token, $"expected an expression, found {cursor.Describe(token)}");
        }
    }

    private Expression ParseParentheses()
    {
        var open = cursor.Next();
        cursor.IgnoreNewlines(true);
        var inner = Parse();
        var close = cursor.Expect(TokenKind.CloseParen, "')'");
        cursor.RestoreNewlines();
        return new ParenthesesExpression(inner, open.Start, close.End);
    }

    private Expression ParseName()
    {
        var token = cursor.Next();
        var name = cursor.Name(token);
        if (cursor.At(TokenKind.OpenParen) || cursor.At(TokenKind.DoubleColon))
        {
            while (cursor.Accept(TokenKind.DoubleColon))
            {
                name += "::" + cursor.Text(cursor.Expect(TokenKind.Identifier, "a function name after '::'"));
            }

            return ParseCall(name, token.Start);
        }

        return name switch
        {
            "true" => new LiteralExpression(true, token.Start, token.End),
            "false" => new LiteralExpression(false, token.Start, token.End),
            "null" => new LiteralExpression(null, token.Start, token.End),
            _ => new VariableExpression(name, token.Start, token.End),
        };
    }

    private Expression ParseCall(string name, int start)
    {
        cursor.Expect(TokenKind.OpenParen, $"'(' after the function name {name}");
        cursor.IgnoreNewlines(true);
        var arguments = new List<Expression>();
        var expand = false;
        while (!cursor.At(TokenKind.CloseParen))
        {
            arguments.Add(Parse());
            if (cursor.Accept(TokenKind.Ellipsis))
            {
                expand = true;
                cursor.Accept(TokenKind.Comma);
                break;
            }

            if (!cursor.Accept(TokenKind.Comma))
            {
                break;
            }
        }

        var close = cursor.Expect(TokenKind.CloseParen, $"',' or ')' in the arguments of {name}");
        cursor.RestoreNewlines();
        return new FunctionCallExpression(name, arguments, expand, start, close.End);
    }
}
