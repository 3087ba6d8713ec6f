using Tollgate.Hcl.Expressions;
using Tollgate.Hcl.Parsing;
using Tollgate.Hcl.Syntax;

namespace Tollgate.Hcl;

/// <summary>Parses HCL native syntax (<c>.tf</c>, <c>.tfvars</c>, <c>.hcl</c>) into bodies, blocks, attributes and expressions.</summary>
public static class HclParser
{
    /// <summary>Parses a whole file; throws <see cref="HclSyntaxException"/> with <c>file:line:column</c> on bad syntax.</summary>
    public static HclFile Parse(string fileName, string text)
    {
        var source = new SourceText(fileName, text);
        var body = new BodyParser(new TokenCursor(source, new Lexer(source))).ParseBody(topLevel: true);
        return new HclFile(source, body);
    }

    /// <summary>
    /// Parses a whole file as <see cref="Parse"/> does, with the same checks and errors, but hands over its top-level
    /// blocks one at a time as they are read (its top-level attributes are checked and dropped): a caller that keeps
    /// only what it needs of each block never holds the syntax tree of a large file.
    /// </summary>
    public static IEnumerable<Block> ParseBlocks(SourceText source)
    {
        var parser = new BodyParser(new TokenCursor(source, new Lexer(source)));
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (parser.ParseItem(topLevel: true, names) is { } item)
        {
            if (item.Block is { } block)
            {
                yield return block;
            }
        }
    }

    /// <summary>
    /// <see cref="ParseBlocks"/> with each block handed to <paramref name="read"/>, whose results come back in file
    /// order; a large file is parsed in two halves on two threads when a block boundary near its middle allows
    /// (<see cref="SplitBlockReader"/>), so <paramref name="read"/> must be safe to call from two threads at once.
    /// The same checks and errors as <see cref="ParseBlocks"/>, met after the same blocks.
    /// </summary>
    public static IEnumerable<T> ReadBlocks<T>(SourceText source, Func<Block, T> read)
    {
        var split = Environment.ProcessorCount > 1 && source.Text.Length >= SplitBlockReader.ParallelFrom ? SplitBlockReader.SplitPoint(source.Text) : -1;
        return split > 0 ? SplitBlockReader.Read(source, read, split) : ParseBlocks(source).Select(read);
    }

    public static HclFile ParseFile(string path) => Parse(path, File.ReadAllText(path));

    /// <summary>
    /// Parses text as a template on its own, without quotes and without backslash escapes: how a string in JSON
    /// configuration syntax is read (https://github.com/hashicorp/hcl/blob/main/json/spec.md), its escapes being
    /// JSON's. Throws <see cref="HclSyntaxException"/> with positions inside <paramref name="text"/>.
    /// </summary>
    public static TemplateExpression ParseTemplate(string fileName, string text)
    {
        var source = new SourceText(fileName, text);
        return TemplateParser.Parse(source, new Token(TokenKind.Heredoc, 0, text.Length) { ContentStart = 0, ContentEnd = text.Length });
    }

    /// <summary>Parses one expression on its own, e.g. a value from the command line.</summary>
    public static Expression ParseExpression(string text)
    {
        var source = new SourceText("<expression>", text);
        var cursor = new TokenCursor(source, new Lexer(source));
        cursor.IgnoreNewlines(true);
        var expression = new ExpressionParser(cursor).Parse();
        cursor.Expect(TokenKind.EndOfFile, "the end of the expression");
        return expression;
    }
}
