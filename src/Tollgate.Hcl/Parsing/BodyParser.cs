using Tollgate.Hcl.Expressions;
using Tollgate.Hcl.Syntax;

namespace Tollgate.Hcl.Parsing;

/// <summary>Parses bodies: attributes (<c>name = expr</c>) and blocks (<c>type "label" { … }</c>), one per line.</summary>
internal sealed class BodyParser(TokenCursor cursor)
{
    private readonly ExpressionParser _expressions = new(cursor);

    public Body ParseBody(bool topLevel)
    {
        var attributes = new List<Attribute>();
        var blocks = new List<Block>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            while (cursor.Accept(TokenKind.Newline))
            {
            }

            var token = cursor.Peek();
            if (token.Kind == TokenKind.EndOfFile)
            {
                if (!topLevel)
                {
                    throw cursor.Error(token, "expected '}' to close the block, found end of file");
                }

                break;
            }

            if (token.Kind == TokenKind.CloseBrace)
            {
                if (topLevel)
                {
                    throw cursor.Error(token, "unexpected '}'");
                }

                break;
            }

            var name = cursor.Expect(TokenKind.Identifier, "an attribute or block name");
            var position = cursor.Source.PositionOf(name.Start);
            var text = cursor.Text(name);
            if (cursor.Accept(TokenKind.Equals))
            {
                if (!names.Add(text))
                {
                    throw cursor.Error(name, $"attribute \"{text}\" is defined twice");
                }

                attributes.Add(new Attribute(text, _expressions.Parse(), position));
                EndOfItem();
            }
            else
            {
                blocks.Add(ParseBlock(text, position));
            }
        }

        return new Body(attributes, blocks);
    }

    private Block ParseBlock(string type, SourcePosition position)
    {
        var labels = new List<string>();
        while (!cursor.At(TokenKind.OpenBrace))
        {
            var token = cursor.Peek();
            if (token.Kind == TokenKind.Identifier)
            {
                labels.Add(cursor.Text(cursor.Next()));
            }
            else if (token.Kind == TokenKind.QuotedTemplate)
            {
                var label = TemplateParser.Parse(cursor.Source, cursor.Next());
                labels.Add(label is TemplateExpression { LiteralValue: { } literal }
                    ? literal
                    : throw cursor.Error(token, "a block label must be a literal string without interpolation"));
            }
            else
            {
                throw cursor.Error(token, $"expected '=' or a block label or '{{' after \"{type}\", found {cursor.Describe(token)}");
            }
        }

        cursor.Enter(cursor.Next());
        var body = ParseBody(topLevel: false);
        cursor.Expect(TokenKind.CloseBrace, "'}'");
        cursor.Exit();
        EndOfItem();
        return new Block(type, labels, body, position);
    }

    private void EndOfItem()
    {
        var token = cursor.Peek();
        if (token.Kind is TokenKind.Newline)
        {
            cursor.Next();
        }
        else if (token.Kind is not (TokenKind.EndOfFile or TokenKind.CloseBrace))
        {
            throw cursor.Error(token, $"expected a newline after the item, found {cursor.Describe(token)}");
        }
    }
}
