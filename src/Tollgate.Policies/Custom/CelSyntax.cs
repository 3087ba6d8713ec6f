using System.Text.RegularExpressions;
using Antlr4.Runtime;
using Cel.Internal;

namespace Tollgate.Policies.Custom;

/// <summary>
/// Why a <c>when</c> does not parse, in words and 1-based positions. The <c>Cel</c> package's parser skips characters
/// its lexer does not recognise without a word (<c>change.type === "a"</c> parsed as <c>==</c>, a stray <c>#</c> was
/// dropped), so the text is lexed here first and any such character refused; its parser's own messages name grammar
/// tokens (<c>mismatched input '&lt;EOF&gt;' expecting {'[', '{', …, IDENTIFIER}</c>) and are said plainly instead.
/// </summary>
internal static partial class CelSyntax
{
    /// <summary>How deep a <c>when</c> may nest brackets, calls and <c>?:</c> inside each other.</summary>
    public const int MaxNesting = 64;

    /// <summary>
    /// What the lexer finds wrong with <paramref name="text"/>, in one pass over its tokens; or null. First a character
    /// that is no CEL token ("when does not parse: line L, column C: 'x' is not part of CEL's syntax"), anywhere in the
    /// text; else nesting past <see cref="MaxNesting"/> ("when nests brackets, calls and ?: 65 deep by line L, column
    /// C; …"). The <c>Cel</c> package parses and evaluates by recursion, so an expression nested a few hundred deep
    /// (<c>((((…true…))))</c>, lists in lists, calls in calls, <c>a ? b : c ? d : …</c>) overflowed the stack of a 1 MB
    /// thread (about 200 parentheses), which ends the process instead of refusing the policy; measured, 150 levels of
    /// each kind still ran there. CEL asks an implementation for at least 12
    /// (https://github.com/google/cel-spec/blob/master/doc/langdef.md#performance-limits). Brackets inside string
    /// literals do not count; each <c>?</c> counts until the bracket or the list item it stands in ends. Chains of
    /// operators and fields (<c>a + b + …</c>, <c>a.b.c</c>, <c>!!x</c>) do not nest this way and are bounded by the
    /// expression's length.
    /// </summary>
    public static string? Problem(string text)
    {
        var lexer = new CelLexer(CharStreams.fromString(text));
        lexer.RemoveErrorListeners();
        var listener = new FirstError();
        lexer.AddErrorListener(listener);
        var open = new Stack<int>(); // per open bracket, the ?: its enclosing level held when it opened
        var conditionals = 0;
        string? nesting = null;
        for (var token = lexer.NextToken(); listener.Line == 0 && token.Type != TokenConstants.EOF; token = lexer.NextToken())
        {
            switch (token.Text)
            {
                case "(" or "[" or "{":
                    open.Push(conditionals);
                    conditionals = 0;
                    break;
                case ")" or "]" or "}" when open.Count > 0:
                    conditionals = open.Pop();
                    break;
                case ",":
                    conditionals = 0;
                    break;
                case "?":
                    conditionals++;
                    break;
            }

            if (nesting is null && open.Count + conditionals + open.Sum() > MaxNesting)
            {
                nesting = $"when nests brackets, calls and ?: {MaxNesting + 1} deep by line {token.Line}, column {token.Column + 1}; the limit is {MaxNesting}";
            }
        }

        if (listener.Line == 0)
        {
            return nesting;
        }

        var lines = text.Split('\n');
        var line = lines[Math.Min(listener.Line, lines.Length) - 1];
        var character = listener.Column < line.Length ? line[listener.Column].ToString() : "";
        return $"when does not parse: line {listener.Line}, column {listener.Column + 1}: '{character}' is not part of CEL's syntax";
    }

    /// <summary>The parser's message (<c>Line 1:15 mismatched input '&lt;EOF&gt;' expecting …</c>) in words.</summary>
    public static string Describe(string message)
    {
        var match = Position().Match(message.ReplaceLineEndings(" "));
        if (!match.Success)
        {
            return message.ReplaceLineEndings(" ");
        }

        var at = $"line {match.Groups["line"].Value}, column {int.Parse(match.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture) + 1}: ";
        var rest = match.Groups["rest"].Value;
        return at + rest switch
        {
            _ when rest.Contains("input '<EOF>'", StringComparison.Ordinal) || rest.Contains("at '<EOF>'", StringComparison.Ordinal) =>
                Missing().Match(rest) is { Success: true } m ? $"the expression ends before its {m.Groups["token"].Value}" : "the expression ends where more is needed",
            _ when Extraneous().Match(rest) is { Success: true } m && rest.EndsWith("expecting <EOF>", StringComparison.Ordinal) =>
                $"'{m.Groups["token"].Value}' follows a complete expression",
            _ when Extraneous().Match(rest) is { Success: true } m => $"'{m.Groups["token"].Value}' is not expected here",
            _ when Missing().Match(rest) is { Success: true } m => $"{m.Groups["token"].Value} is missing before '{m.Groups["before"].Value}'",
            _ when NoViable().Match(rest) is { Success: true } m => $"'{m.Groups["token"].Value}' cannot be read as an expression",
            _ => rest,
        };
    }

    [GeneratedRegex("^Line (?<line>[0-9]+):(?<column>[0-9]+) (?<rest>.*)$")]
    private static partial Regex Position();

    [GeneratedRegex("^(?:mismatched|extraneous) input '(?<token>.*?)' expecting")]
    private static partial Regex Extraneous();

    [GeneratedRegex("^missing (?<token>.*?) at '(?<before>.*)'$")]
    private static partial Regex Missing();

    [GeneratedRegex("^no viable alternative at input '(?<token>.*)'$")]
    private static partial Regex NoViable();

    private sealed class FirstError : IAntlrErrorListener<int>
    {
        public int Line { get; private set; }

        public int Column { get; private set; }

        public void SyntaxError(TextWriter output, IRecognizer recognizer, int offendingSymbol, int line, int charPositionInLine, string msg, RecognitionException e)
        {
            if (Line == 0)
            {
                (Line, Column) = (line, charPositionInLine);
            }
        }
    }
}
