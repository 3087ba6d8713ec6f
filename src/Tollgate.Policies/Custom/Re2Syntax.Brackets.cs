using System.Text;

namespace Tollgate.Policies.Custom;

/// <summary>
/// RE2's bracket classes (<c>[a-z]</c>, <c>[^…]</c>, <c>[[:digit:]]</c>, <c>[\pL\d]</c>) written as .NET patterns
/// matching the same characters: <c>[</c> inside is a member (RE2 has no class subtraction), <c>-</c> a range only
/// between two characters (as in Go's regexp/syntax: after a class it is a member), POSIX classes ASCII, and a member
/// above FFFF (<c>[😀]</c>, <c>[\pL]</c>, <c>[😀-🙏]</c>) the units that name it in the mapped text
/// (<see cref="SupplementaryAlphabet"/>).
/// </summary>
internal static partial class Re2Syntax
{
    private static readonly Dictionary<string, string> Posix = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z", ["alpha"] = "A-Za-z", ["ascii"] = "\\x00-\\x7F", ["blank"] = "\\t ", ["cntrl"] = "\\x00-\\x1F\\x7F",
        ["digit"] = "0-9", ["graph"] = "!-~", ["lower"] = "a-z", ["print"] = " -~", ["punct"] = "!-/:-@\\[-`{-~",
        ["space"] = "\\t\\n\\v\\f\\r ", ["upper"] = "A-Z", ["word"] = "0-9A-Za-z_", ["xdigit"] = "0-9A-Fa-f",
    };

    private sealed partial class Writer
    {
        /// <summary>The bracket being written: what it holds beside the items written in it, how its last item ended.</summary>
        private BracketClass _bracket = new(negated: false);

        private StringBuilder Class()
        {
            if (re2.AsSpan(_at).StartsWith("[:^") && PosixName(_at + 3) is { } whole && _at + 3 + whole.Length + 2 < re2.Length && re2[_at + 3 + whole.Length + 2] == ']')
            {
                _at += 3 + whole.Length + 3;
                return _out.Append("[^").Append(Posix[whole]).Append(']');
            }

            var classStart = _out.Length;
            _bracket = new BracketClass(_at < re2.Length && re2[_at] == '^');
            _at += _bracket.Negated ? 1 : 0;
            var itemsStart = _at;
            while (_at < re2.Length && (re2[_at] != ']' || _at == itemsStart))
            {
                var c = re2[_at++];
                if (c == '[' && _at < re2.Length && re2[_at] == ':')
                {
                    var negated = _at + 1 < re2.Length && re2[_at + 1] == '^';
                    if (PosixName(_at + (negated ? 2 : 1)) is { } name)
                    {
                        if (negated)
                        {
                            throw new FormatException($"[:^{name}:] inside other brackets is not matched here; write [^…] with the ranges instead");
                        }

                        ClassItemIsAClass();
                        _out.Append(Posix[name]);
                        _at += 1 + name.Length + 2;
                        continue;
                    }
                }

                _ = c switch
                {
                    _ when char.IsHighSurrogate(c) => BeyondInClass(char.ConvertToUtf32(c, re2[_at++])),
                    '\\' => Escape(inClass: true),
                    '-' when _bracket.Last == BracketClass.Item.Character && _at < re2.Length && re2[_at] != ']' => RangeDash(),
                    _ => CodePoint(c, inClass: true),
                };
            }

            if (_at >= re2.Length)
            {
                throw new FormatException("a [ has no closing ]");
            }

            _at++;
            var items = _out.ToString(classStart, _out.Length - classStart);
            _out.Length = classStart;
            return _out.Append(_bracket.Pattern(items, Units));
        }

        private StringBuilder RangeDash()
        {
            _bracket.Last = BracketClass.Item.RangeDash;
            return _out.Append('-');
        }

        /// <summary>
        /// A character <paramref name="codePoint"/> up to FFFF is the next item, about to be written as class text; as
        /// the end of a range whose start is above FFFF, the range runs backwards.
        /// </summary>
        private void ClassItemIsACharacter(int codePoint)
        {
            if (_bracket.Last == BracketClass.Item.RangeDash && _bracket.LastCharacter > codePoint)
            {
                throw new FormatException($"the range {Show(_bracket.LastCharacter)}-{Show(codePoint)} inside brackets runs backwards, which RE2 refuses");
            }

            _bracket.ReachesSurrogates |= codePoint >= 0xD800;
            _bracket.Last = _bracket.Last == BracketClass.Item.RangeDash ? BracketClass.Item.RangeEnd : BracketClass.Item.Character;
            (_bracket.LastCharacter, _bracket.LastCharacterAt) = (codePoint, _out.Length);
        }

        /// <summary>
        /// A class (<c>\d</c>, <c>[:alpha:]</c>, <c>\pL</c>) is the next item: refused as the end of a range, as RE2
        /// refuses <c>[a-\d]</c>.
        /// </summary>
        private void ClassItemIsAClass()
        {
            if (_bracket.Last == BracketClass.Item.RangeDash)
            {
                throw new FormatException("a range inside brackets cannot end at a class (\\d, \\pL, [:alpha:]), which RE2 refuses");
            }

            _bracket.Last = BracketClass.Item.Class;
        }

        /// <summary>The code points of <c>\pL</c> (or, <paramref name="negated"/>, of <c>\PL</c>) join the bracket.</summary>
        private void AddToClass(CodePointSet set, bool negated)
        {
            if (!negated)
            {
                _bracket.Sets.Add(set);
            }
            else if (_bracket.Negated)
            {
                _bracket.Sets.Add(set.Complement());
            }
            else
            {
                _bracket.Excluded.Add(set);
            }
        }

        /// <summary>
        /// A code point above FFFF inside brackets, or the end of a range that reaches above FFFF (<c>[😀-🙏]</c>,
        /// <c>[a-\x{10FFFF}]</c>): joins the bracket's sets, the start's class text taken back when it was written as one.
        /// </summary>
        private StringBuilder BeyondInClass(int codePoint)
        {
            if (_bracket.Last == BracketClass.Item.RangeDash)
            {
                var first = _bracket.LastCharacter;
                if (first > codePoint)
                {
                    throw new FormatException($"the range {Show(first)}-{Show(codePoint)} inside brackets runs backwards, which RE2 refuses");
                }

                _out.Length = _bracket.LastCharacterAt;
                _bracket.Sets.Add(CodePointSet.Of([(first, codePoint)]));
                _bracket.Last = BracketClass.Item.RangeEnd;
                return _out;
            }

            _bracket.Sets.Add(CodePointSet.Of([(codePoint, codePoint)]));
            _bracket.Last = BracketClass.Item.Character;
            (_bracket.LastCharacter, _bracket.LastCharacterAt) = (codePoint, _out.Length);
            return _out;
        }

        private static string Show(int codePoint) => $"U+{codePoint:X4}";

        /// <summary>The POSIX class name written at <paramref name="from"/> and closed by <c>:]</c>, or null.</summary>
        private string? PosixName(int from)
        {
            var end = re2.IndexOf(":]", from, StringComparison.Ordinal);
            return end > from && Posix.ContainsKey(re2[from..end]) ? re2[from..end] : null;
        }
    }
}
