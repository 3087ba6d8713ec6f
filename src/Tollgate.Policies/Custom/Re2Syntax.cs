using System.Globalization;
using System.Text;

namespace Tollgate.Policies.Custom;

/// <summary>
/// CEL's <c>matches()</c> takes RE2 syntax (https://github.com/google/re2/wiki/Syntax, as the CEL spec says); Tollgate
/// runs it on .NET's linear-time engine, whose syntax and classes differ. This writes an RE2 pattern as the .NET pattern
/// that matches the same strings: <c>\d \s \w</c> and POSIX classes (<c>[[:digit:]]</c>) ASCII as in RE2 (.NET's
/// <c>\d</c> takes any Unicode digit, and reads <c>[[:digit:]]</c> as a class of <c>[ : d i g t</c> then a <c>]</c>),
/// <c>$</c> at the very end unless multi-line (.NET's also before a final newline), <c>(?P&lt;name&gt;</c>,
/// <c>\Q…\E</c>, <c>\pN</c>, <c>\x{…}</c> and octal escapes, Unicode scripts (<c>\p{Greek}</c>: the code points
/// Unicode's Scripts.txt assigns, <see cref="UnicodeScripts"/>, where .NET's <c>\p{IsGreek}</c> is a block); and it
/// refuses what RE2 refuses (lookarounds, backreferences, atomic groups, unknown escapes and class names, repeats above
/// 1000: cel-go refuses such a pattern) or what .NET's engine cannot match as RE2 does (<c>(?U)</c>, <c>\C</c>), rather than
/// letting a policy match otherwise than it would elsewhere. <c>\b</c> and <c>\B</c> are RE2's ASCII word boundaries
/// («\w» on one side and «\W», the start or the end on the other, \w being [0-9A-Za-z_] whatever the flags), written
/// as lookarounds on that class: .NET's own are Unicode ones, so <c>\bcafé\b</c> would match "café" and not "cafés"
/// where RE2 does the opposite. Inside brackets both are refused, as RE2 refuses them (it has no backspace escape).
/// </summary>
public static partial class Re2Syntax
{
    private static readonly System.Buffers.SearchValues<char> NameCharacters =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_");

    /// <summary>RE2's <c>\b</c>: an ASCII word character on exactly one side, case-sensitive whatever the flags.</summary>
    private const string WordBoundary = "(?-i:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))";

    /// <summary>RE2's <c>\B</c>: an ASCII word character on both sides or on neither.</summary>
    private const string NotWordBoundary = "(?-i:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))";

    /// <summary>
    /// The .NET pattern that matches what <paramref name="re2"/> matches, or why there is none, written once in two
    /// forms that differ only where it has a word boundary. <c>Pattern</c> holds RE2's boundaries as lookarounds, which
    /// only .NET's backtracking engine runs; <c>AsciiPattern</c>, for text of ASCII characters alone, keeps .NET's own
    /// <c>\b</c> and <c>\B</c> (the same on such text), so the pattern has no lookaround and the linear-time engine runs it.
    /// </summary>
    public static (string? Pattern, string? AsciiPattern, string? Problem) ToDotNet(string re2)
    {
        try
        {
            var writer = new Writer(re2);
            var pattern = writer.Write();
            return (pattern, writer.AsciiForm(pattern), null);
        }
        catch (FormatException e)
        {
            return (null, null, e.Message);
        }
    }

    private sealed partial class Writer(string re2)
    {
        private readonly StringBuilder _out = new();
        private readonly bool _multiline = HasFlag(re2, 'm');

        /// <summary>Where each word boundary was written, and .NET's own escape for it.</summary>
        private readonly List<(int At, string Written, string Own)> _boundaries = [];

        /// <summary>
        /// Per open group, the most copies of one thing its counted repeats make so far (<c>(a{10}){20}</c> makes 200):
        /// RE2 refuses more than 1000, as Go's <c>repeatIsValid</c> and RE2's <c>RepetitionWalker</c> count them.
        /// </summary>
        private readonly Stack<int> _copies = new([1]);

        /// <summary>The copies the atom just written stands for: 1, or what a group or a counted repeat made.</summary>
        private int _lastCopies = 1;
        private int _at;

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

        private StringBuilder Escape(bool inClass)
        {
            if (_at >= re2.Length)
            {
                throw new FormatException("it ends with a lone \\");
            }

            var begin = _at - 1;
            var c = re2[_at++];
            return c switch
            {
                'd' => _out.Append(inClass ? "0-9" : "[0-9]"),
                's' => _out.Append(inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]"),
                'w' => _out.Append(inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]"),
                'D' or 'S' or 'W' when inClass => throw new FormatException($"\\{c} inside brackets is not matched here as RE2 matches it; write the ranges it excludes"),
                'D' => _out.Append("[^0-9]"),
                'S' => _out.Append("[^\\t\\n\\f\\r ]"),
                'W' => _out.Append("[^0-9A-Za-z_]"),
                'b' or 'B' when inClass => throw new FormatException($"\\{c} inside brackets is not RE2 syntax{(c == 'b' ? " (RE2 has no backspace escape: write \\010)" : "")}"),
                'b' or 'B' => Boundary(c == 'b' ? WordBoundary : NotWordBoundary, "\\" + c),
                'A' or 'z' when !inClass => _out.Append('\\').Append(c),
                'a' or 'f' or 't' or 'n' or 'r' or 'v' => _out.Append('\\').Append(c),
                'x' => CodePoint(Hex(), inClass, begin),
                >= '0' and <= '7' when c == '0' || (_at < re2.Length && re2[_at] is >= '0' and <= '7') => CodePoint(Octal(c), inClass, begin),
                >= '1' and <= '9' => throw new FormatException($"\\{c} is a backreference, which RE2 does not have"),
                'p' or 'P' => _out.Append(Property(c == 'P', inClass)),
                'Q' => Quoted(inClass),
                'C' => throw new FormatException("\\C (any byte) is not matched here"),
                _ when c < 128 && !char.IsAsciiLetterOrDigit(c) && c != '_' => _out.Append('\\').Append(c),
                _ => throw new FormatException($"\\{c} is not an escape RE2 knows"),
            };
        }

        private StringBuilder Boundary(string written, string own)
        {
            _boundaries.Add((_out.Length, written, own));
            return _out.Append(written);
        }

        private int Hex()
        {
            if (_at < re2.Length && re2[_at] == '{')
            {
                var end = re2.IndexOf('}', _at);
                if (end < 0 || !int.TryParse(re2.AsSpan(_at + 1, end - _at - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) || value > 0x10FFFF)
                {
                    throw new FormatException("\\x{…} must hold a code point in hex, at most 10FFFF");
                }

                _at = end + 1;
                return value;
            }

            if (_at + 2 > re2.Length || !int.TryParse(re2.AsSpan(_at, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var two))
            {
                throw new FormatException("\\x takes two hex digits or {…}");
            }

            _at += 2;
            return two;
        }

        private int Octal(char first)
        {
            var value = first - '0';
            for (var n = 1; n < 3 && _at < re2.Length && re2[_at] is >= '0' and <= '7'; n++)
            {
                value = (value * 8) + (re2[_at++] - '0');
            }

            return value;
        }

        private StringBuilder CodePoint(int value, bool inClass, int from)
        {
            if (value <= 0xFFFF)
            {
                return _out.Append(CultureInfo.InvariantCulture, $"\\u{value:X4}");
            }

            if (inClass)
            {
                return BeyondInClass(value, from);
            }

            var pair = char.ConvertFromUtf32(value);
            return _out.Append(CultureInfo.InvariantCulture, $"(?:\\u{(int)pair[0]:X4}\\u{(int)pair[1]:X4})");
        }

        private string Property(bool negated, bool inClass)
        {
            var from = _at - 2;
            string name;
            if (_at < re2.Length && re2[_at] == '{')
            {
                var end = re2.IndexOf('}', _at);
                if (end < 0)
                {
                    throw new FormatException("\\p{ has no closing }");
                }

                name = re2[(_at + 1)..end];
                _at = end + 1;
            }
            else if (_at < re2.Length)
            {
                name = re2[_at++].ToString();
            }
            else
            {
                throw new FormatException("\\p needs a class name");
            }

            if (name.StartsWith('^'))
            {
                (negated, name) = (!negated, name[1..]);
            }

            var (category, codePoints) = UnicodeClass.Of(name, negated, re2[from.._at]);
            if (!inClass || category is not null)
            {
                _classHasCategory |= inClass;
                return category ?? codePoints!.ToPattern();
            }

            (_beyondClass ??= []).Add(codePoints!.Supplementary);
            return codePoints!.ClassItems();
        }

        private StringBuilder Quoted(bool inClass)
        {
            var end = re2.IndexOf("\\E", _at, StringComparison.Ordinal);
            var literal = end < 0 ? re2[_at..] : re2[_at..end];
            _at = end < 0 ? re2.Length : end + 2;
            foreach (var c in literal)
            {
                _out.Append(inClass || !char.IsAsciiLetterOrDigit(c) ? "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c.ToString());
            }

            return _out;
        }

        private StringBuilder Group()
        {
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

            var flagsEnd = _at + 1;
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
            }

            _out.Append('(').Append(re2, _at, flagsEnd - _at);
            _at = flagsEnd;
            return _out;
        }

        private StringBuilder Open()
        {
            _copies.Push(1);
            return Group();
        }

        private StringBuilder Close()
        {
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

            if (bounds.Any(b => b.Length > 4 || (b.Length > 0 && int.Parse(b, CultureInfo.InvariantCulture) > 1000)))
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

        private static bool HasFlag(string pattern, char flag)
        {
            for (var i = pattern.IndexOf("(?", StringComparison.Ordinal); i >= 0; i = pattern.IndexOf("(?", i + 2, StringComparison.Ordinal))
            {
                var j = i + 2;
                while (j < pattern.Length && pattern[j] is 'i' or 'm' or 's' or 'U')
                {
                    if (pattern[j++] == flag)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
