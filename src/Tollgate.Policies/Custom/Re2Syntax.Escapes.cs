using System.Globalization;
using System.Text;

namespace Tollgate.Policies.Custom;

/// <summary>
/// RE2's escapes (https://github.com/google/re2/wiki/Syntax): Perl classes ASCII, <c>\x{…}</c> and octal code points,
/// <c>\p{…}</c> classes as sets of code points, <c>\Q…\E</c> literal text.
/// </summary>
internal static partial class Re2Syntax
{
    private sealed partial class Writer
    {
        private StringBuilder Escape(bool inClass)
        {
            if (_at >= re2.Length)
            {
                throw new FormatException("it ends with a lone \\");
            }

            var c = re2[_at++];
            if (inClass && c is 'd' or 's' or 'w' or 'p' or 'P')
            {
                ClassItemIsAClass();
            }

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
                'a' => CodePoint(7, inClass),
                'f' => CodePoint(12, inClass),
                't' => CodePoint(9, inClass),
                'n' => CodePoint(10, inClass),
                'r' => CodePoint(13, inClass),
                'v' => CodePoint(11, inClass),
                'x' => CodePoint(Hex(), inClass),
                >= '0' and <= '7' when c == '0' || (_at < re2.Length && re2[_at] is >= '0' and <= '7') => CodePoint(Octal(c), inClass),
                >= '1' and <= '9' => throw new FormatException($"\\{c} is a backreference, which RE2 does not have"),
                'p' or 'P' => Property(c == 'P', inClass),
                'Q' when inClass => throw new FormatException("\\Q inside brackets is not RE2 syntax"),
                'Q' => Quoted(),
                'C' => throw new FormatException("\\C (any byte) is not matched here"),
                _ when c < 128 && !char.IsAsciiLetterOrDigit(c) && c != '_' => CodePoint(c, inClass),
                _ => throw new FormatException($"\\{c} is not an escape RE2 knows"),
            };
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

        /// <summary>
        /// The code point <paramref name="value"/> as one character: a unit, or the unit naming a code point above FFFF
        /// in the mapped text. A surrogate code point (<c>\x{D800}</c>) is no character in RE2's UTF-8 text and matches
        /// nothing; inside brackets the class leaves the surrogates out.
        /// </summary>
        private StringBuilder CodePoint(int value, bool inClass)
        {
            if (inClass && value > 0xFFFF)
            {
                return BeyondInClass(value);
            }

            if (inClass)
            {
                ClassItemIsACharacter(value);
            }
            else if (value is >= 0xD800 and <= 0xDFFF)
            {
                return _out.Append("[^\\s\\S]");
            }

            return value <= 0xFFFF ? _out.Append(CodePointSet.Unit(value)) : _out.Append(Members(CodePointSet.Of([(value, value)])));
        }

        /// <summary>The .NET class of one code point of <paramref name="set"/>: <c>[^\s\S]</c> (nothing) when it is empty.</summary>
        private string Members(CodePointSet set) => set.ClassItems() + Units(set) is { Length: > 0 } items ? $"[{items}]" : "[^\\s\\S]";

        /// <summary>
        /// The .NET class of one code point not in <paramref name="set"/>, a negated class so that under <c>(?i)</c> .NET
        /// folds the members' case before negating, as RE2 folds <c>\P{Lu}</c>: <c>[\s\S]</c> when it is empty.
        /// </summary>
        private string NonMembers(CodePointSet set) => set.ClassItems() + Units(set) is { Length: > 0 } items ? $"[^{items}]" : "[\\s\\S]";

        /// <summary>
        /// <c>\pL</c>, <c>\P{Greek}</c>, <c>\p{^Nd}</c>: outside brackets the pattern of one code point in the class
        /// (or not in it); inside, the class joins the bracket's sets, written when the bracket closes.
        /// </summary>
        private StringBuilder Property(bool negated, bool inClass)
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

            var set = UnicodeClass.Of(name, re2[from.._at]);
            if (!inClass)
            {
                return _out.Append(negated ? NonMembers(set) : Members(set));
            }

            AddToClass(set, negated);
            return _out;
        }

        /// <summary>The text up to <c>\E</c> (or the end), each character literal: a pair above FFFF as one.</summary>
        private StringBuilder Quoted()
        {
            var end = re2.IndexOf("\\E", _at, StringComparison.Ordinal);
            var literal = end < 0 ? re2[_at..] : re2[_at..end];
            _at = end < 0 ? re2.Length : end + 2;
            for (var i = 0; i < literal.Length; i++)
            {
                var c = literal[i];
                _ = char.IsAsciiLetterOrDigit(c) ? _out.Append(c)
                    : char.IsHighSurrogate(c) ? CodePoint(char.ConvertToUtf32(c, literal[++i]), inClass: false)
                    : _out.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }

            return _out;
        }
    }
}
