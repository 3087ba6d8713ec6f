using System.Text.Json;
using Tollgate.Domain;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// Walks a JSON document of any size from a stream without building a DOM of the whole: a caller-supplied
/// <see cref="Decide"/> says, for each value by its path, whether to descend into it, hand it over whole as bytes
/// (<see cref="JsonStep.Capture"/>), or skip it. Only one captured value is ever held in memory at a time.
/// </summary>
public sealed class StreamingJsonWalker
{

    private readonly List<string> _path = new(16);
    private readonly List<bool> _isArray = new(16);
    private readonly List<string> _location = new(16);
    private readonly PropertyNameCache _names = new();
    private string _pendingProperty = "";
    private int _skipDepth = -1;

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

    public void Walk(Stream stream, string sourceName)
    {
        var buffer = new byte[InitialBufferSize];
        var length = Fill(stream, buffer, 0);
        var final = length < buffer.Length;
        if (length == 0)
        {
            throw new InvalidInputException($"{sourceName} is empty: expected the JSON of `terraform show -json`");
        }

        var state = new JsonReaderState(new JsonReaderOptions { MaxDepth = 512 });
        long consumedTotal = 0;
        while (true)
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(0, length), final, state);
            bool done;
            try
            {
                done = Process(ref reader, buffer.AsSpan(0, length));
            }
            catch (JsonException e)
            {
                throw Malformed(sourceName, e, final, consumedTotal);
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
            consumedTotal += consumed;
            state = reader.CurrentState;
            var remaining = length - consumed;
            if (consumed == 0 && remaining == buffer.Length)
            {
                // One value larger than the buffer: grow so it fits whole.
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
                    AfterValue();
                    continue;
            }

            var location = CurrentLocation();
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

    private void AfterValue() => _pendingProperty = "";

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

    private static InvalidInputException Malformed(string sourceName, JsonException e, bool final, long consumedTotal)
    {
        var message = e.Message;
        if (message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return new InvalidInputException($"{sourceName} is empty: expected the JSON of `terraform show -json`", e);
        }

        if (final && (message.Contains("end of the JSON payload", StringComparison.Ordinal) || message.Contains("end of data", StringComparison.Ordinal)))
        {
            return new InvalidInputException($"{sourceName} ends before the JSON document is complete (truncated?)", e);
        }

        return new InvalidInputException(
            $"{sourceName} is not valid JSON (near byte {consumedTotal + (e.BytePositionInLine ?? 0)}): {FirstSentence(message)}", e);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message.TrimEnd('.');
    }
}
