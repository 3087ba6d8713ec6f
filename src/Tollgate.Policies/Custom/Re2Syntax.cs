using System.Globalization;
using System.Text;

namespace Tollgate.Policies.Custom;

/// <summary>
/// CEL's <c>matches()</c> takes RE2 syntax (https://github.com/google/re2/wiki/Syntax, as the CEL spec says); Tollgate
/// runs it on .NET's linear-time engine, whose syntax and classes differ. This writes an RE2 pattern as the .NET pattern
/// that matches the same strings: <c>\d \s \w</c> and POSIX classes (<c>[[:digit:]]</c>) ASCII as in RE2 (.NET's
/// <c>\d</c> takes any Unicode digit, and reads <c>[[:digit:]]</c> as a class of <c>[ : d i g t</c> then a <c>]</c>),
/// <c>$</c> at the very end unless multi-line (.NET's also before a final newline), <c>(?P&lt;name&gt;</c>,
/// <c>\Q…\E</c>, <c>\pN</c>, <c>\x{…}</c> and octal escapes, general categories and scripts (<c>\pL</c>, <c>\p{Greek}</c>:
/// the code points Unicode 15.0 assigns, <see cref="UnicodeClass"/>, where .NET's <c>\p{L}</c> follows its runtime's
/// Unicode and <c>\p{IsGreek}</c> is a block). RE2 matches code points and .NET UTF-16 units: the pattern is written for
/// the text as its <see cref="SupplementaryAlphabet"/> maps it, each code point above FFFF one unit, so that <c>.</c>,
/// <c>\pL</c>, <c>[^a]</c> and <c>😀</c> match one character whatever its plane. It refuses what RE2 refuses
/// (lookarounds, backreferences, atomic groups, unknown escapes and class names, repeats above 1000: cel-go refuses such
/// a pattern) or what .NET's engine cannot match as RE2 does (<c>(?U)</c>, <c>\C</c>), rather than letting a policy
/// match otherwise than it would elsewhere. <c>\b</c> and <c>\B</c> are RE2's ASCII word boundaries («\w» on one side
/// and «\W», the start or the end on the other, \w being [0-9A-Za-z_] whatever the flags), written as lookarounds on
/// that class: .NET's own are Unicode ones, so <c>\bcafé\b</c> would match "café" and not "cafés" where RE2 does the
/// opposite. Inside brackets both are refused, as RE2 refuses them (it has no backspace escape).
/// </summary>
internal static partial class Re2Syntax
{
    private static readonly System.Buffers.SearchValues<char> NameCharacters =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_");

    /// <summary>RE2's <c>\b</c>: an ASCII word character on exactly one side, case-sensitive whatever the flags.</summary>
    private const string WordBoundary = "(?-i:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))";

    /// <summary>RE2's <c>\B</c>: an ASCII word character on both sides or on neither.</summary>
    private const string NotWordBoundary = "(?-i:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))";

    /// <summary>
    /// The .NET pattern that matches what <paramref name="re2"/> matches in text mapped by <c>Alphabet</c>, or why there
    /// is none, written in two forms that differ only where it has a word boundary. <c>Pattern</c> holds RE2's
    /// boundaries as lookarounds, which only .NET's backtracking engine runs; <c>AsciiPattern</c>, for text of ASCII
    /// characters alone, keeps .NET's own <c>\b</c> and <c>\B</c> (the same on such text), so the pattern has no
    /// lookaround and the linear-time engine runs it. The pattern is written twice: first to learn which code points
    /// above FFFF its classes tell apart, then with the alphabet that names them.
    /// </summary>
    public static (string? Pattern, string? AsciiPattern, SupplementaryAlphabet? Alphabet, string? Problem) ToDotNet(string re2)
    {
        try
        {
            var written = LoneSurrogates.Replaced(re2);
            var first = new Writer(written, alphabet: null);
            first.Write();
            var alphabet = SupplementaryAlphabet.Of(first.Classes);
            var writer = new Writer(written, alphabet);
            var pattern = writer.Write();
            return (pattern, writer.AsciiForm(pattern), alphabet, null);
        }
        catch (FormatException e)
        {
            return (null, null, null, e.Message);
        }
    }

    /// <param name="alphabet">The pattern's alphabet, or null while it is being learnt.</param>
    private sealed partial class Writer(string re2, SupplementaryAlphabet? alphabet)
    {
        private readonly StringBuilder _out = new();

        /// <summary>Where each word boundary was written, and .NET's own escape for it.</summary>
        private readonly List<(int At, string Written, string Own)> _boundaries = [];

        /// <summary>
        /// Per open group, the most copies of one thing its counted repeats make so far (<c>(a{10}){20}</c> makes 200):
        /// RE2 refuses more than 1000, as Go's <c>repeatIsValid</c> and RE2's <c>RepetitionWalker</c> count them.
        /// </summary>
        private readonly Stack<int> _copies = new([1]);

        /// <summary>The copies the atom just written stands for: 1, or what a group or a counted repeat made.</summary>
        private int _lastCopies = 1;
        /// <summary>Whether <c>m</c> held where each group the writer is inside opened, to restore when it closes.</summary>
        private readonly Stack<bool> _enclosing = new();
        private bool _multiline;
        private int _at;

        /// <summary>Every class the pattern has, noted while its alphabet is being learnt.</summary>
        public List<CodePointSet> Classes { get; } = [];

        public string Write()
        {
            while (_at < re2.Length)
            {
                var c = re2[_at++];
                var copies = _lastCopies;
                _lastCopies = 1;
                _ = c switch
                {
                    '\\' => Escape(inClass: false),
                    '[' => Class(),
                    '(' => Open(),
                    ')' => Close(),
                    '{' => Repeat(copies),
                    '*' or '+' or '?' => Keep(c, copies),
                    '$' => _out.Append(_multiline ? "$" : "\\z"),
                    _ when char.IsHighSurrogate(c) => CodePoint(char.ConvertToUtf32(c, re2[_at++]), inClass: false),
                    _ => _out.Append(c),
                };
            }

            return _out.ToString();
        }

        /// <summary><paramref name="pattern"/> (as <see cref="Write"/> made it) with .NET's own word boundaries.</summary>
        public string AsciiForm(string pattern)
        {
            var ascii = new StringBuilder(pattern);
            foreach (var (at, written, own) in Enumerable.Reverse(_boundaries))
            {
                ascii.Remove(at, written.Length).Insert(at, own);
            }

            return ascii.ToString();
        }

        /// <summary>
        /// The units naming the code points above FFFF of <paramref name="set"/> (a class of the pattern, or a union or
        /// complement of its classes), as class items; while the alphabet is being learnt, none, and the set is noted.
        /// </summary>
        private string Units(CodePointSet set)
        {
            if (alphabet is null)
            {
                Classes.Add(set);
                return "";
            }

            return alphabet.Units(set);
        }

        private StringBuilder Boundary(string written, string own)
        {
            _boundaries.Add((_out.Length, written, own));
            return _out.Append(written);
        }

        private StringBuilder Group()
        {
            _enclosing.Push(_multiline);
            if (_at >= re2.Length || re2[_at] != '?')
            {
                return _out.Append('(');
            }

            var rest = re2.AsSpan(_at);
            if (rest.StartsWith("?P<") || (rest.StartsWith("?<") && !rest.StartsWith("?<=") && !rest.StartsWith("?<!")))
            {
                _at += rest.StartsWith("?P<") ? 3 : 2;
                var close = re2.IndexOf('>', _at);
                if (close <= _at || re2.AsSpan(_at, close - _at).ContainsAnyExcept(NameCharacters))
                {
                    throw new FormatException("a group's name must be letters, digits and _ between < and >");
                }

                _out.Append("(?<").Append(re2, _at, close - _at + 1);
                _at = close + 1;
                return _out;
            }

            if (rest.StartsWith("?:"))
            {
                _at += 2;
                return _out.Append("(?:");
            }

            var what = rest.Length < 2 ? "an unfinished (?" : rest[1] switch
            {
                '=' or '!' => "a lookahead",
                '<' => "a lookbehind",
                '>' => "an atomic group",
                '(' => "a conditional",
                '#' => "a comment group",
                'P' => "a named backreference",
                _ => null,
            };
            if (what is not null)
            {
                throw new FormatException($"{what} ((?{(rest.Length < 2 ? "" : rest[1].ToString())}…) is not RE2 syntax");
            }

            return Flagged();
        }

        /// <summary>
        /// <c>(?flags)</c>, which sets flags up to the end of the enclosing group, or <c>(?flags:…)</c>, a group with
        /// them; the writer follows <c>m</c> (<c>$</c> before a newline) as RE2 scopes it.
        /// </summary>
        private StringBuilder Flagged()
        {
            var (multiline, on, flagsEnd) = (_multiline, true, _at + 1);
            while (flagsEnd < re2.Length && re2[flagsEnd] is not (')' or ':'))
            {
                var flag = re2[flagsEnd++];
                if (flag == 'U')
                {
                    throw new FormatException("(?U) (ungreedy by default) is not matched here; write the lazy quantifiers (*?, +?) instead");
                }

                if (flag is not ('i' or 'm' or 's' or '-'))
                {
                    throw new FormatException($"(?{flag}) is not an RE2 flag (i, m, s, U)");
                }

                multiline = flag == 'm' ? on : multiline;
                on &= flag != '-';
            }

            var scoped = flagsEnd < re2.Length && re2[flagsEnd] == ':';
            if (!scoped)
            {
                // Not a group: the flags hold to the end of the enclosing one, and its repeats count there.
                _ = _enclosing.Pop();
                _ = _copies.Pop();
            }

            _out.Append('(').Append(re2, _at, Math.Min(flagsEnd + 1, re2.Length) - _at);
            (_at, _multiline) = (Math.Min(flagsEnd + 1, re2.Length), multiline);
            return _out;
        }

        private StringBuilder Open()
        {
            _copies.Push(1);
            return Group();
        }

        /// <summary>A group's end: its flags' scope ends, and the copies its repeats made are what it stands for.</summary>
        private StringBuilder Close()
        {
            if (_enclosing.Count > 0)
            {
                _multiline = _enclosing.Pop();
            }

            if (_copies.Count > 1)
            {
                _lastCopies = _copies.Pop();
                _copies.Push(Math.Max(_copies.Pop(), _lastCopies));
            }

            return _out.Append(')');
        }

        /// <summary><c>*</c>, <c>+</c> or <c>?</c>: no count, so what it repeats stands for as many copies as before.</summary>
        private StringBuilder Keep(char quantifier, int copies)
        {
            _lastCopies = copies;
            return _out.Append(quantifier);
        }

        private StringBuilder Repeat(int copies)
        {
            var end = re2.IndexOf('}', _at);
            var inside = end < 0 ? "" : re2[_at..end];
            var bounds = inside.Split(',');
            if (end < 0 || bounds.Length > 2 || bounds[0].Length == 0 || !bounds.All(b => b.All(char.IsAsciiDigit)))
            {
                return _out.Append("\\{");
            }

            if (bounds.Any(b => b.Length > 4 || (b.Length > 0 && int.Parse(b, System.Globalization.CultureInfo.InvariantCulture) > 1000)))
            {
                throw new FormatException($"{{{inside}}} repeats more than 1000 times, which RE2 refuses");
            }

            // Go's repeatIsValid: the count is the upper bound, or the lower one when there is none; {0} and {0,0}
            // repeat nothing, whatever is inside.
            var count = int.Parse(bounds.Length == 2 && bounds[1].Length > 0 ? bounds[1] : bounds[0], CultureInfo.InvariantCulture);
            _lastCopies = bounds is [_, { Length: > 0 }] or [_] && count == 0 ? 1 : copies * Math.Max(count, 1);
            if (_lastCopies > 1000)
            {
                throw new FormatException($"{{{inside}}} repeats what already repeats {copies} times, {_lastCopies} copies in all: RE2 refuses more than 1000 (nested repeats multiply)");
            }

            _copies.Push(Math.Max(_copies.Pop(), _lastCopies));
            _at = end + 1;
            return _out.Append('{').Append(inside).Append('}');
        }
    }
}
