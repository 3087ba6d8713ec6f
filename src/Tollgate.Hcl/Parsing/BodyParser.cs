using Tollgate.Hcl.Expressions;
using Tollgate.Hcl.Syntax;

namespace Tollgate.Hcl.Parsing;

/// <summary>Parses bodies: attributes (<c>name = expr</c>) and blocks (<c>type "label" { … }</c>), one per line.</summary>
internal sealed class BodyParser(TokenCursor cursor)
{
    private readonly ExpressionParser _expressions = new(cursor);

    /// <summary>Name sets of finished bodies, cleared, for the next ones: a body costs no set of its own.</summary>
    private readonly Stack<HashSet<string>> _spareNames = new();

    public Body ParseBody(bool topLevel)
    {
        var attributes = new List<Attribute>();
        List<Block>? blocks = null;
        var names = _spareNames.TryPop(out var spare) ? spare : new HashSet<string>(StringComparer.Ordinal);
        while (ParseItem(topLevel, names) is { } item)
        {
            if (item.Attribute is { } attribute)
            {
                attributes.Add(attribute);
            }
            else
            {
                (blocks ??= []).Add(item.Block!);
            }
        }

        names.Clear();
        _spareNames.Push(names);
        return new Body(attributes, blocks ?? (IReadOnlyList<Block>)[]);
    }

    /// <summary>Where the next item of a top-level body starts (its first token past blank lines), or the end of file.</summary>
    public int NextItemStart()
    {
        while (cursor.Accept(TokenKind.Newline))
        {
        }

        return cursor.Peek().Start;
    }

    /// <summary>
    /// The next attribute or block of the body, or null at its end (a top-level body's end of file, or the <c>}</c>
    /// of a block's, left unread). <paramref name="names"/> holds the body's attribute names so far.
    /// </summary>
    public BodyItem? ParseItem(bool topLevel, HashSet<string> names)
    {
        while (cursor.Accept(TokenKind.Newline))
        {
        }

        var token = cursor.Peek();
        if (token.Kind == TokenKind.EndOfFile)
        {
            return topLevel ? null : throw cursor.Error(token, "expected '}' to close the block, found end of file");
        }

        if (token.Kind == TokenKind.CloseBrace)
        {
            return topLevel ? throw cursor.Error(token, "unexpected '}'") : null;
        }

        var name = cursor.Expect(TokenKind.Identifier, "an attribute or block name");
        var position = cursor.Source.PositionOf(name.Start);
        var text = cursor.Name(name);
        if (!cursor.Accept(TokenKind.Equals))
        {
            return new BodyItem(null, ParseBlock(text, position));
        }

        if (!names.Add(text))
        {
            throw cursor.Error(name, $"attribute \"{text}\" is defined twice");
        }

        var attribute = new Attribute(text, _expressions.Parse(), position);
        EndOfItem();
        return new BodyItem(attribute, null);
    }

    private Block ParseBlock(string type, SourcePosition position)
    {
        var labels = new List<string>();
        while (!cursor.At(TokenKind.OpenBrace))
        {
            var token = cursor.Peek();
            if (token.Kind == TokenKind.Identifier)
            {
                labels.Add(cursor.Name(cursor.Next()));
            }
            else if (token.Kind == TokenKind.QuotedTemplate && PlainText(token) is { } plain)
            {
                cursor.Next();
                labels.Add(plain);
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
        var close = cursor.Expect(TokenKind.CloseBrace, "'}'");
        cursor.Exit();
        EndOfItem();
        return new Block(type, labels, body, position) { End = close.End };
    }

    /// <summary>A quoted string's content when it has no escape and no <c>${</c> or <c>%{</c>: the template's literal value as written.</summary>
    private string? PlainText(Token token)
    {
        var content = cursor.Source.Text.AsSpan(token.ContentStart, token.ContentEnd - token.ContentStart);
        return content.IndexOfAny('\\', '$', '%') < 0 ? content.ToString() : null;
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
