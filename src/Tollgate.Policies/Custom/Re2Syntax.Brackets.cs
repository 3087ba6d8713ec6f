using System.Text;

namespace Tollgate.Policies.Custom;

/// <summary>
/// RE2's bracket classes (<c>[a-z]</c>, <c>[^…]</c>, <c>[[:digit:]]</c>, <c>[\p{Greek}\d]</c>) written as .NET ones
/// matching the same characters: <c>[</c> inside is a member (RE2 has no class subtraction), POSIX classes are ASCII,
/// and a class holding code points above FFFF (a script's, a literal one) becomes alternatives of surrogate pairs.
/// </summary>
public static partial class Re2Syntax
{
    private static readonly Dictionary<string, string> Posix = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z", ["alpha"] = "A-Za-z", ["ascii"] = "\\x00-\\x7F", ["blank"] = "\\t ", ["cntrl"] = "\\x00-\\x1F\\x7F",
        ["digit"] = "0-9", ["graph"] = "!-~", ["lower"] = "a-z", ["print"] = " -~", ["punct"] = "!-/:-@\\[-`{-~",
        ["space"] = "\\t\\n\\v\\f\\r ", ["upper"] = "A-Z", ["word"] = "0-9A-Za-z_", ["xdigit"] = "0-9A-Fa-f",
    };

    private sealed partial class Writer
    {
        /// <summary>
        /// The code points above FFFF that the bracket class being written holds (a script's, <c>\p{Any}</c>'s), which a
        /// class of UTF-16 units cannot; null while it holds none.
        /// </summary>
        private List<CodePointSet>? _beyondClass;
        private bool _classHasCategory;

        private StringBuilder Class()
        {
            var start = _at;
            if (re2.AsSpan(_at).StartsWith("[:^") && PosixName(_at + 3) is { } whole && _at + 3 + whole.Length + 2 < re2.Length && re2[_at + 3 + whole.Length + 2] == ']')
            {
                _at += 3 + whole.Length + 3;
                return _out.Append("[^").Append(Posix[whole]).Append(']');
            }

            var classStart = _out.Length;
            var negatedClass = _at < re2.Length && re2[_at] == '^';
            (_beyondClass, _classHasCategory) = (null, false);
            _out.Append(negatedClass ? "[^" : "[");
            _at += negatedClass ? 1 : 0;

            while (_at < re2.Length && (re2[_at] != ']' || _at == start || (_at == start + 1 && re2[start] == '^')))
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

                        _out.Append(Posix[name]);
                        _at += 1 + name.Length + 2;
                        continue;
                    }
                }

                _ = c switch
                {
                    _ when char.IsHighSurrogate(c) && _at < re2.Length && char.IsLowSurrogate(re2[_at]) => BeyondInClass(char.ConvertToUtf32(c, re2[_at++]), _at - 2),
                    '\\' => Escape(inClass: true),
                    '[' => _out.Append("\\["),
                    ']' => _out.Append("\\]"),
                    _ => _out.Append(c),
                };
            }

            if (_at >= re2.Length)
            {
                throw new FormatException("a [ has no closing ]");
            }

            _at++;
            _out.Append(']');
            return _beyondClass is null ? _out : WithBeyond(classStart, negatedClass);
        }

        /// <summary>
        /// A code point above FFFF inside brackets (written at <paramref name="from"/>), kept apart from the class of
        /// UTF-16 units; refused as a range's end, where the range would hold units of pairs.
        /// </summary>
        private StringBuilder BeyondInClass(int codePoint, int from)
        {
            var rangeBefore = from > 1 && re2[from - 1] == '-' && re2[from - 2] is not ('[' or '^' or '\\');
            var rangeAfter = _at + 1 < re2.Length && re2[_at] == '-' && re2[_at + 1] != ']';
            if (rangeBefore || rangeAfter)
            {
                throw new FormatException("a range inside brackets that reaches above FFFF is not matched here; write its code points as alternatives outside brackets");
            }

            (_beyondClass ??= []).Add(CodePointSet.Of([(codePoint, codePoint)]));
            return _out;
        }

        /// <summary>
        /// The class written from <paramref name="start"/>, which holds code points above FFFF, rewritten as a class of
        /// units or alternatives of surrogate pairs, so that each such code point is one character as in RE2. Negated, its
        /// units exclude the surrogates and its pairs are those of every code point above FFFF it does not hold.
        /// </summary>
        private StringBuilder WithBeyond(int start, bool negated)
        {
            if (negated && _classHasCategory)
            {
                throw new FormatException("[^…] holding both a general category (\\pL) and a script, \\p{Any} or a code point above FFFF is not matched here; match them apart");
            }

            var items = _out.ToString(start + (negated ? 2 : 1), _out.Length - start - (negated ? 3 : 2));
            _out.Length = start;
            var beyond = CodePointSet.Union(_beyondClass!);
            var units = negated ? $"[^{items}\\uD800-\\uDFFF]" : items.Length > 0 ? $"[{items}]" : "";
            var pairs = (negated ? beyond.Complement() : beyond).SurrogateAlternatives();
            return _out.Append(
                units.Length == 0 && pairs.Length == 0 ? "[^\\s\\S]"
                : units.Length == 0 || pairs.Length == 0 ? $"(?:{units}{pairs})"
                : $"(?:{units}|{pairs})");
        }

        /// <summary>The POSIX class name written at <paramref name="from"/> and closed by <c>:]</c>, or null.</summary>
        private string? PosixName(int from)
        {
            var end = re2.IndexOf(":]", from, StringComparison.Ordinal);
            return end > from && Posix.ContainsKey(re2[from..end]) ? re2[from..end] : null;
        }
    }
}
