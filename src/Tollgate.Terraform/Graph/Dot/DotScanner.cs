using Tollgate.Domain;

namespace Tollgate.Terraform.Graph.Dot;

/// <summary>What <see cref="DotScanner.Next"/> found.</summary>
internal enum DotToken : byte
{
    End,
    Id,
    EdgeOp,
    Punctuation,
}

/// <summary>
/// Reads DOT (https://graphviz.org/doc/info/lang.html) as UTF-8 bytes, one token at a time and without allocating:
/// ids (bare, numeral, quoted or HTML-like) are spans of the input, punctuation is one byte
/// (<c>{ } [ ] ; , = :</c>), <c>-&gt;</c> and <c>--</c> are edge operators; comments and whitespace vanish.
/// </summary>
internal ref struct DotScanner(ReadOnlySpan<byte> text, string sourceName)
{
    private readonly ReadOnlySpan<byte> _text = text;
    private int _position;

    public DotToken Kind { get; private set; }

    /// <summary>For <see cref="DotToken.Punctuation"/>: the byte.</summary>
    public byte Punctuation { get; private set; }

    /// <summary>An id's text as written: the content between the quotes of a quoted id.</summary>
    public readonly ReadOnlySpan<byte> Raw => _text.Slice(Start, Length);

    public int Start { get; private set; }

    /// <summary>Where the current token starts, for errors.</summary>
    public int TokenStart { get; private set; }

    public int Length { get; private set; }

    public bool Quoted { get; private set; }

    /// <summary>A quoted id holding a backslash: <see cref="Unescape"/> before use.</summary>
    public bool Escaped { get; private set; }

    public readonly bool IsPunctuation(byte c) => Kind == DotToken.Punctuation && Punctuation == c;

    /// <summary>An unquoted id equal to the keyword (DOT keywords are case-insensitive).</summary>
    public readonly bool IsKeyword(ReadOnlySpan<byte> keyword) =>
        Kind == DotToken.Id && !Quoted && System.Text.Ascii.EqualsIgnoreCase(_text.Slice(Start, Length), keyword);

    public DotToken Next()
    {
        var text = _text;
        var i = _position;
        while (i < text.Length)
        {
            var c = text[i];
            if (c <= (byte)' ')
            {
                i++;
            }
            else if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/'))
            {
                var end = text[i..].IndexOf((byte)'\n');
                i = end < 0 ? text.Length : i + end + 1;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var close = text[(i + 2)..].IndexOf("*/"u8);
                i = close < 0 ? text.Length : i + 2 + close + 2;
            }
            else
            {
                break;
            }
        }

        TokenStart = i;
        if (i >= text.Length)
        {
            _position = i;
            return Kind = DotToken.End;
        }

        Quoted = Escaped = false;
        var b = text[i];
        if (b == '"')
        {
            _position = QuotedId(text, i + 1);
            return Kind = DotToken.Id;
        }

        if (b == '-' && i + 1 < text.Length && text[i + 1] is (byte)'>' or (byte)'-')
        {
            _position = i + 2;
            return Kind = DotToken.EdgeOp;
        }

        if (b is (byte)'{' or (byte)'}' or (byte)'[' or (byte)']' or (byte)';' or (byte)',' or (byte)'=' or (byte)':')
        {
            Punctuation = b;
            _position = i + 1;
            return Kind = DotToken.Punctuation;
        }

        if (IsIdByte(b))
        {
            var start = i;
            while (i < text.Length && IsIdByte(text[i]) && !(text[i] == '-' && i + 1 < text.Length && text[i + 1] is (byte)'>' or (byte)'-'))
            {
                i++;
            }

            (Start, Length, _position) = (start, i - start, i);
            return Kind = DotToken.Id;
        }

        if (b == '<')
        {
            _position = HtmlId(text, i);
            return Kind = DotToken.Id;
        }

        throw Error($"unexpected '{(char)b}'");
    }

    /// <summary>An input error at the current token: <c>file:line: message</c>.</summary>
    public readonly InvalidInputException Error(string message) =>
        new($"{sourceName}:{_text[..Math.Min(TokenStart, _text.Length)].Count((byte)'\n') + 1}: not a complete DOT graph: {message}");

    /// <summary>What the current token is, in words.</summary>
    public readonly string Describe() => Kind switch
    {
        DotToken.End => "the end of the file",
        DotToken.EdgeOp => "an edge operator",
        DotToken.Punctuation => $"'{(char)Punctuation}'",
        _ => $"'{System.Text.Encoding.UTF8.GetString(Raw.Length > 40 ? Raw[..40] : Raw)}'",
    };

    /// <summary>The id's value: a quoted id's <c>\"</c> and <c>\\</c> unescaped and its line continuations removed.</summary>
    public readonly ReadOnlySpan<byte> Unescape(Span<byte> scratch)
    {
        var raw = Raw;
        if (!Escaped)
        {
            return raw;
        }

        var used = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\\' && i + 1 < raw.Length)
            {
                if (raw[i + 1] == '\n')
                {
                    i++;
                    continue;
                }

                if (raw[i + 1] is (byte)'"' or (byte)'\\')
                {
                    i++;
                }
            }

            scratch[used++] = raw[i];
        }

        return scratch[..used];
    }

    /// <summary>Letters, digits, underscore, dot, minus and any non-ASCII byte (DOT allows \200–\377 in ids).</summary>
    private static bool IsIdByte(byte b) =>
        b >= 0x80 || (uint)((b | 0x20) - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9 || b is (byte)'_' or (byte)'.' or (byte)'-';

    private int QuotedId(ReadOnlySpan<byte> text, int start)
    {
        Quoted = true;
        var i = start;
        while (true)
        {
            var stop = text[i..].IndexOfAny((byte)'"', (byte)'\\');
            if (stop < 0)
            {
                throw Error("a quoted id is never closed");
            }

            i += stop;
            if (text[i] == '"')
            {
                break;
            }

            Escaped = true;
            i += 2;
            if (i > text.Length)
            {
                throw Error("a quoted id is never closed");
            }
        }

        (Start, Length) = (start, i - start);
        return i + 1;
    }

    private int HtmlId(ReadOnlySpan<byte> text, int i)
    {
        var depth = 0;
        var start = i;
        do
        {
            depth += text[i] == '<' ? 1 : text[i] == '>' ? -1 : 0;
            i++;
        }
        while (i < text.Length && depth > 0);
        (Start, Length) = (start, i - start);
        return i;
    }
}
