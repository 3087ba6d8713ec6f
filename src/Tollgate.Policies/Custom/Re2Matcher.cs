using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Tollgate.Policies.Custom;

/// <summary>
/// One RE2 pattern of <c>matches()</c>, translated (<see cref="Re2Syntax"/>) and built into .NET regexes once, and
/// remembered for the patterns a policy repeats: the same object answers the check at load and every evaluation. Each
/// match runs within <see cref="Budget"/>; past it .NET throws <see cref="RegexMatchTimeoutException"/>.
/// </summary>
internal sealed class Re2Matcher
{
    /// <summary>The time one match may take.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(200);

    private const int Remembered = 256;

    private static readonly ConcurrentDictionary<string, Re2Matcher> Known = new(StringComparer.Ordinal);

    private readonly Regex? _linear;
    private readonly Lazy<Regex>? _backtracking;
    private readonly SupplementaryAlphabet? _alphabet;

    private Re2Matcher(string re2)
    {
        var (exact, ascii, alphabet, problem) = Re2Syntax.ToDotNet(re2);
        _alphabet = alphabet;
        try
        {
            // RE2's \b and \B are ASCII word boundaries. On ASCII text .NET's own are the same, and the linear-time
            // engine runs the pattern; on other text only the exact form (lookarounds) is right, which the backtracking
            // engine runs, within the same time budget. Without a boundary the two forms are one, and so is the regex.
            // The backtracking engine takes every pattern the linear one does, so it is built when non-ASCII text first
            // needs it, not when the policy loads.
            _linear = ascii is null ? null : new Regex(ascii, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, Budget);
            _backtracking = exact is null || exact == ascii ? null : new Lazy<Regex>(() => new Regex(exact, RegexOptions.CultureInvariant, Budget));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            // A pattern RE2 refuses too, such as a** (a repeat of a repeat): .NET's reason, without the translation.
            (_linear, _backtracking, problem) = (null, null, Reason(e));
        }

        Problem = problem is null ? null : $"matches() pattern '{re2}': {problem}";
    }

    /// <summary>Why the pattern is not one <c>matches()</c> takes, or null.</summary>
    public string? Problem { get; }

    /// <summary>The matcher of <paramref name="re2"/>, built once for the first <see cref="Remembered"/> patterns.</summary>
    public static Re2Matcher For(string re2)
    {
        if (Known.TryGetValue(re2, out var known))
        {
            return known;
        }

        var matcher = new Re2Matcher(re2);
        return Known.Count < Remembered ? Known.GetOrAdd(re2, matcher) : matcher;
    }

    /// <summary>
    /// Whether <paramref name="text"/> holds a match, read as the pattern's <see cref="SupplementaryAlphabet"/> maps it
    /// (each character above FFFF one unit, a lone surrogate U+FFFD); a pattern with a <see cref="Problem"/> is an
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public bool IsMatch(string text)
    {
        var regex = (_backtracking is null || System.Text.Ascii.IsValid(text) ? _linear : _backtracking.Value)
            ?? throw new ArgumentException(Problem);
        return regex.IsMatch(_alphabet!.Map(text));
    }

    /// <summary>
    /// Why .NET does not build the translated pattern, in words of Tollgate's own: the runtime's message is a resource
    /// key in the Native AOT binary (<c>MakeException, a**, 3, NestedQuantifiersNotParenthesized, *</c>), and its offset
    /// counts in the translation, not in the pattern the policy wrote.
    /// </summary>
    internal static string Reason(Exception e) => e switch
    {
        RegexParseException parse => parse.Error switch
        {
            RegexParseError.NestedQuantifiersNotParenthesized => "a repeat of a repeat (a** or a+{2}), which RE2 refuses; group what repeats first: (?:a+){2}",
            RegexParseError.QuantifierAfterNothing => "a repeat (*, +, ? or {n}) with nothing before it to repeat, which RE2 refuses",
            RegexParseError.InsufficientClosingParentheses => "a ( has no closing )",
            RegexParseError.InsufficientOpeningParentheses => "a ) has no opening (",
            RegexParseError.ReversedQuantifierRange => "a repeat {n,m} whose n is above its m, which RE2 refuses",
            RegexParseError.ReversedCharacterRange => "a range inside brackets whose first character comes after its last, which RE2 refuses",
            RegexParseError.UnterminatedBracket => "a [ has no closing ]",
            var error => "not a pattern this engine reads (" + Words(error.ToString()) + ")",
        },
        NotSupportedException => "too large for the linear-time engine that runs it here (more than 10,000 nodes once its repeats and classes are written out; RE2 takes it): repeat it fewer times",
        _ => "not a pattern this engine reads",
    };

    /// <summary>"nested quantifiers not parenthesized" of <c>NestedQuantifiersNotParenthesized</c>.</summary>
    private static string Words(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
