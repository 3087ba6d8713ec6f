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
    /// <summary>The first character that is no CEL token, as "line L, column C: 'x' is not part of CEL's syntax"; or null.</summary>
    public static string? LexProblem(string text)
    {
        var lexer = new CelLexer(CharStreams.fromString(text));
        lexer.RemoveErrorListeners();
        var listener = new FirstError();
        lexer.AddErrorListener(listener);
        while (listener.Line == 0 && lexer.NextToken().Type != TokenConstants.EOF)
        {
        }

        if (listener.Line == 0)
        {
            return null;
        }

        var lines = text.Split('\n');
        var line = lines[Math.Min(listener.Line, lines.Length) - 1];
        var character = listener.Column < line.Length ? line[listener.Column].ToString() : "";
        return $"line {listener.Line}, column {listener.Column + 1}: '{character}' is not part of CEL's syntax";
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
