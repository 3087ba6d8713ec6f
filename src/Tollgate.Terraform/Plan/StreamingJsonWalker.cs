using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// Walks a JSON document of any size from a stream without building a DOM of the whole: a caller-supplied
/// <see cref="Decide"/> says, for each value by its path, whether to descend into it, hand it over whole as bytes
/// (<see cref="JsonStep.Capture"/>), or skip it. Only one captured value is ever held in memory at a time.
/// </summary>
public sealed class StreamingJsonWalker
{

    /// <summary>
    /// The deepest nesting read: far above what terraform writes (IAM documents and CRD manifests in values nest a few
    /// dozen levels), far below what would exhaust a thread's stack in the recursive steps after reading.
    /// </summary>
    public const int MaxDepth = 1000;

    /// <summary>The largest single value (a resource change, the configuration) held whole in memory.</summary>
    public const int MaxValueBytes = 1 << 30;

    private readonly List<string> _path = new(16);
    private readonly List<bool> _isArray = new(16);
    private readonly List<long> _index = new(16);
    private readonly List<string> _location = new(16);
    private readonly PropertyNameCache _names = new();
    private string _pendingProperty = "";
    private int _skipDepth = -1;
    private long _consumed;
    private TextLines? _lines;

    /// <summary>Decides what to do with the value at <paramref name="path"/> (property names, "*" for array items).</summary>
    public required Func<IReadOnlyList<string>, JsonStep> Decide { get; init; }

    /// <summary>
    /// Optional: consumes a captured container from its start token to its end, like <c>TrySkip</c>, noting what it
    /// needs on the way (one tokenization instead of two); returns false when the buffer ends first.
    /// </summary>
    public ValueProbe? Probe { get; init; }

    /// <summary>Receives a captured value: its path (valid only during the call) and its complete UTF-8 bytes.</summary>
    public required Action<IReadOnlyList<string>, ReadOnlySpan<byte>> OnCapture { get; init; }

    /// <summary>The first buffer's size; it doubles whenever one captured value does not fit.</summary>
    public int InitialBufferSize { get; init; } = 1 << 20;

    /// <summary>The most bytes read before the input is refused as too large.</summary>
    public long MaxBytes { get; init; } = long.MaxValue;

    /// <summary>Checked between reads, so a slow or stalled pipe stops when the command is cancelled.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>The token type of the value <see cref="Decide"/> is asked about.</summary>
    public JsonTokenType TokenType { get; private set; }

    /// <summary>Where the value handed to <see cref="OnCapture"/> starts in the stream, in bytes from its first.</summary>
    public long ValueOffset { get; private set; }

    /// <summary>
    /// The lines of the stream before <see cref="ValueOffset"/> when it cannot be read again (a pipe), counted on the way,
    /// so a problem found in the value later is placed by line and column; null for a stream that can be read again: its
    /// lines are counted only when there is a problem to place.
    /// </summary>
    public TextLines? ValueLines { get; private set; }

    /// <summary>The index of the value handed to <see cref="OnCapture"/> in the array holding it (0 outside arrays).</summary>
    public long ValueIndex => _isArray.Count > 0 && _isArray[^1] ? _index[^1] : 0;

    /// <summary>Where the walker is, as a JSON path of the plan's structure (<c>resource_changes[3]</c>); no values.</summary>
    public string Location
    {
        get
        {
            var text = new System.Text.StringBuilder();
            for (var i = 1; i <= _path.Count; i++)
            {
                var inArray = _isArray[i - 1];
                var name = i < _path.Count ? _path[i] : _pendingProperty;
                if (inArray)
                {
                    text.Append('[').Append(_index[i - 1]).Append(']');
                }
                else if (name.Length > 0)
                {
                    text.Append(text.Length > 0 ? "." : "").Append(name);
                }
            }

            return text.Length == 0 ? "the top level" : text.ToString();
        }
    }

    /// <summary>
    /// Walks the JSON document of <paramref name="stream"/> from where it stands; what is not a document, or holds a string
    /// that is no text, is an <see cref="InvalidInputException"/> naming <paramref name="sourceName"/> and where.
    /// </summary>
    public void Walk(Stream stream, string sourceName)
    {
        var start = stream.CanSeek ? stream.Position : 0;
        var buffer = new byte[InitialBufferSize];
        var length = Fill(stream, buffer, 0);
        var final = length < buffer.Length;
        if (length == 0)
        {
            throw new InvalidInputException($"{sourceName} is empty: expected the JSON of `terraform show -json`");
        }

        var state = new JsonReaderState(new JsonReaderOptions { MaxDepth = MaxDepth });
        long consumedTotal = 0;
        _consumed = 0;
        _lines = stream.CanSeek ? null : default(TextLines);
        while (true)
        {
            Cancellation.ThrowIfCancellationRequested();
            if (consumedTotal + length > MaxBytes)
            {
                throw new InvalidInputException($"{sourceName} is larger than {MaxBytes / (1 << 20)} MiB, the most Tollgate reads as one plan");
            }

            var reader = new Utf8JsonReader(buffer.AsSpan(0, length), final, state);
            bool done;
            try
            {
                done = Process(ref reader, buffer.AsSpan(0, length));
            }
            catch (JsonException e)
            {
                throw Malformed(sourceName, e, final);
            }
            catch (Exception e) when (IllFormedText.Of(e) is { } problem)
            {
                // A string a step decoded (a name, a probed or captured value): the first such one from the token's start.
                var from = (int)reader.TokenStartIndex;
                var found = IllFormedText.Find(buffer.AsSpan(from, length - from));
                var place = found is { } f ? Place(consumedTotal + from + f.Offset, buffer.AsSpan(0, length), stream, start) : null;
                throw IllFormed(sourceName, found?.Problem ?? problem, place, Location, e);
            }

            if (done)
            {
                if (_path.Count > 0)
                {
                    throw new InvalidInputException($"{sourceName} ends before the JSON document is complete (truncated?)");
                }

                return;
            }

            if (final)
            {
                throw new InvalidInputException($"{sourceName} ends before the JSON document is complete (truncated?)");
            }

            var consumed = (int)reader.BytesConsumed;
            CountLines(buffer.AsSpan(0, length), consumed);
            consumedTotal += consumed;
            _consumed = consumedTotal;
            state = reader.CurrentState;
            var remaining = length - consumed;
            if (consumed == 0 && remaining == buffer.Length)
            {
                // One value larger than the buffer: grow so it fits whole.
                if (buffer.Length >= MaxValueBytes)
                {
                    throw new InvalidInputException($"{sourceName} holds one value larger than {MaxValueBytes >> 20} MiB ({Location}); terraform does not write such plans");
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }
            else
            {
                Buffer.BlockCopy(buffer, consumed, buffer, 0, remaining);
            }

            length = remaining + Fill(stream, buffer, remaining);
            final = length < buffer.Length;
        }
    }

    /// <summary>Reads tokens until the document ends (true) or more bytes are needed (false).</summary>
    private bool Process(ref Utf8JsonReader reader, ReadOnlySpan<byte> span)
    {
        while (true)
        {
            if (_skipDepth >= 0)
            {
                // A value too large to skip within the buffer: read past it token by token, nothing else.
                while (true)
                {
                    if (!reader.Read())
                    {
                        return reader.IsFinalBlock;
                    }

                    if ((reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray) && reader.CurrentDepth == _skipDepth)
                    {
                        break;
                    }
                }

                _skipDepth = -1;
                AfterValue();
                continue;
            }

            var before = reader;
            if (!reader.Read())
            {
                return reader.IsFinalBlock;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    _pendingProperty = _names.Get(ref reader);
                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    _path.RemoveAt(_path.Count - 1);
                    _isArray.RemoveAt(_isArray.Count - 1);
                    _index.RemoveAt(_index.Count - 1);
                    AfterValue();
                    continue;
            }

            var location = CurrentLocation();
            TokenType = reader.TokenType;
            var step = location is null ? JsonStep.Descend : Decide(location);
            var container = reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray;
            if (step == JsonStep.Capture)
            {
                var probe = reader;
                if (container && !(Probe is null ? probe.TrySkip() : Probe(location ?? [], ref probe)))
                {
                    reader = before;
                    return false;
                }

                var start = (int)reader.TokenStartIndex;
                var end = container ? (int)probe.BytesConsumed : (int)reader.BytesConsumed;
                ValueOffset = _consumed + start;
                CountLines(span, start);
                ValueLines = _lines;
                OnCapture(location ?? [], span[start..end]);
                reader = probe;
                AfterValue();
                continue;
            }

            if (!container)
            {
                AfterValue();
                continue;
            }

            if (step == JsonStep.Skip)
            {
                var probe = reader;
                if (probe.TrySkip())
                {
                    reader = probe;
                    AfterValue();
                }
                else
                {
                    _skipDepth = reader.CurrentDepth;
                }

                continue;
            }

            _path.Add(location is null ? "" : (_isArray.Count > 0 && _isArray[^1] ? "*" : _pendingProperty));
            _isArray.Add(reader.TokenType == JsonTokenType.StartArray);
            _index.Add(0);
        }
    }

    /// <summary>The path of the current value, without the root frame; one reused list, valid until the next token.</summary>
    private IReadOnlyList<string>? CurrentLocation()
    {
        if (_path.Count == 0)
        {
            return null;
        }

        _location.Clear();
        for (var i = 1; i < _path.Count; i++)
        {
            _location.Add(_path[i]);
        }

        _location.Add(_isArray[^1] ? "*" : _pendingProperty);
        return _location;
    }

    private void AfterValue()
    {
        _pendingProperty = "";
        if (_isArray.Count > 0 && _isArray[^1])
        {
            _index[^1]++;
        }
    }

    /// <summary>Counts the lines of <paramref name="held"/> (the buffer) up to <paramref name="end"/>, when the stream cannot be read again.</summary>
    private void CountLines(ReadOnlySpan<byte> held, int end)
    {
        if (_lines is { } lines)
        {
            _lines = lines.After(held[(int)(lines.Offset - _consumed)..end]);
        }
    }

    /// <summary>
    /// Line and column of <paramref name="offset"/>, in <paramref name="held"/> (the buffer): from the lines counted on the
    /// way through a stream that cannot be read again, else by reading <paramref name="stream"/> again from
    /// <paramref name="start"/>, a piece at a time; null when it cannot be told.
    /// </summary>
    private string? Place(long offset, ReadOnlySpan<byte> held, Stream stream, long start)
    {
        if (_lines is { } lines)
        {
            return offset >= lines.Offset ? lines.LineAndColumn(offset, held[(int)(lines.Offset - _consumed)..]) : null;
        }

        stream.Position = start;
        return TextLines.LineAndColumn(stream, offset);
    }

    private static int Fill(Stream stream, byte[] buffer, int offset)
    {
        var total = 0;
        while (offset + total < buffer.Length)
        {
            var n = stream.Read(buffer, offset + total, buffer.Length - offset - total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    /// <summary>
    /// Names where the JSON breaks by line, column and plan path, and what is wrong in words
    /// (<see cref="JsonProblem.Describe"/>), never by content: the parser's own message quotes the offending bytes,
    /// and a plan's bytes may be a sensitive value.
    /// </summary>
    private InvalidInputException Malformed(string sourceName, JsonException e, bool final)
    {
        if (Mentions(e.Message, "does not contain any JSON tokens", "ExpectedJsonTokens"))
        {
            return new InvalidInputException($"{sourceName} is empty: expected the JSON of `terraform show -json`", e);
        }

        var problem = JsonProblem.Describe(e, Location);
        if (final && (problem.EndsWith(JsonProblem.CutShort, StringComparison.Ordinal) || problem.EndsWith(JsonProblem.OpenString, StringComparison.Ordinal)))
        {
            return new InvalidInputException($"{sourceName} ends before the JSON document is complete (truncated?)", e);
        }

        if (problem.EndsWith(JsonProblem.TooDeep, StringComparison.Ordinal))
        {
            return new InvalidInputException($"{sourceName} nests deeper than {MaxDepth} levels ({problem[..^(JsonProblem.TooDeep.Length + 2)]}); terraform does not write such plans", e);
        }

        return new InvalidInputException($"{sourceName} is not valid JSON: {problem}", e);
    }

    /// <summary>
    /// A plan whose string is no Unicode text, named by its line and column (when found) and plan path in the words every
    /// reader uses (<see cref="IllFormedText"/>), never by content: "plan.json is not Unicode text: a string holds half
    /// of a UTF-16 surrogate pair alone at line 1, column 96, in resource_changes[0] (…)".
    /// </summary>
    internal static InvalidInputException IllFormed(string sourceName, IllFormedText problem, string? place, string location, Exception inner) =>
        new($"{sourceName} is {problem.Describe(place is null ? location : $"{place}, in {location}")}", inner);

    private static bool Mentions(string message, params string[] phrases) =>
        phrases.Any(p => message.Contains(p, StringComparison.Ordinal));
}
