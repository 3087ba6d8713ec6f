using Tollgate.Domain;

namespace Tollgate.Models.Tables;

/// <summary>
/// Splits a CSV file into records and fields over a byte buffer (RFC 4180: quoted fields may hold commas, newlines
/// and doubled quotes). A record is always whole in the buffer, so its fields are spans into it; only a quoted field
/// with doubled quotes is copied, to unescape it.
/// </summary>
internal sealed class CsvRecords : IDisposable
{
    private readonly string path;
    private readonly Stream stream;
    private byte[] buffer = new byte[1 << 20];
    private int start;
    private int end;
    private int filled;
    private bool eof;
    private readonly List<(int Start, int Length, bool Escaped)> fields = [];
    private byte[] unescaped = new byte[256];
    private int recordStart;
    private int recordEnd;
    private bool quoted;
    private bool unclosed;
    private int opened;
    // The line the next record starts on (a quoted field's newlines counted), and where the last quoted field opened.
    private int nextLine = 1;
    private bool split;
    private long discarded;

    public CsvRecords(string path)
    {
        this.path = path;
        stream = TableCompression.OpenRead(path, 1);
        Fill();
        if (filled >= 3 && buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8))
        {
            end = 3;
        }
    }

    public int FieldCount
    {
        get
        {
            Split();
            return fields.Count;
        }
    }

    /// <summary>Whether the file is gzip-compressed (its text is read through a decompressor).</summary>
    public bool Compressed => stream is GzipText;

    /// <summary>Bytes of the file (of its text, when gzip-compressed) up to the end of the current record, its line ending included.</summary>
    public long Consumed => discarded + end;

    /// <summary>The current record's bytes, line ending removed.</summary>
    public ReadOnlySpan<byte> Record => buffer.AsSpan(recordStart, recordEnd - recordStart);

    /// <summary>Whether the current record has no quote, so its fields are exactly the text between commas.</summary>
    public bool Plain => !quoted;

    /// <summary>Field <paramref name="index"/> of the current record, quotes removed.</summary>
    public ReadOnlySpan<byte> Field(int index)
    {
        Split();
        var (s, length, escaped) = fields[index];
        var raw = buffer.AsSpan(s, length);
        if (!escaped)
        {
            return raw;
        }

        if (unescaped.Length < length)
        {
            unescaped = new byte[length * 2];
        }

        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            unescaped[n++] = raw[i];
            if (raw[i] == '"')
            {
                i++;
            }
        }

        return unescaped.AsSpan(0, n);
    }

    /// <summary>Whether the current record is a blank line (one empty field), which readers pass over.</summary>
    public bool Blank => FieldCount == 1 && Field(0).IsEmpty;

    /// <summary>
    /// Moves to the header: the first record that is not a blank line. False when the file holds none, so that a
    /// blank first line is not read as a header of one column named "".
    /// </summary>
    public bool NextHeader()
    {
        while (Next())
        {
            if (!Blank)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The current record's number, from 1 (blank lines counted).</summary>
    public int Number { get; private set; }

    /// <summary>Moves to the next record; false at the end of the file.</summary>
    public bool Next()
    {
        Number++;
        start = end;
        while (true)
        {
            var recordEnd = FindRecordEnd(start);
            if (recordEnd >= 0 || eof)
            {
                if (recordEnd < 0)
                {
                    if (start >= filled)
                    {
                        return false;
                    }

                    if (unclosed)
                    {
                        // RFC 4180: a quoted field ends with a quote. Read to the end as one field, the rest of the file
                        // became one cell and the message spoke of a record's field count.
                        var line = nextLine + buffer.AsSpan(start, opened - start).Count((byte)'\n');
                        throw new InvalidInputException($"{path}: the file ends inside a quoted field opened in record {Number} (line {line}): a closing \" is missing");
                    }

                    recordEnd = filled;
                }

                end = Math.Min(recordEnd + 1, filled);
                nextLine += quoted ? buffer.AsSpan(start, end - start).Count((byte)'\n') : end > recordEnd ? 1 : 0;
                recordStart = start;
                this.recordEnd = recordEnd > start && buffer[recordEnd - 1] == '\r' ? recordEnd - 1 : recordEnd;
                split = false;
                return true;
            }

            Compact();
            Fill();
        }
    }

    public void Dispose() => stream.Dispose();

    // The index of the newline ending the record that starts at s (outside quotes), or −1 if it is not in the buffer.
    private int FindRecordEnd(int s)
    {
        var quoted = false;
        this.quoted = false;
        var i = s;
        while (i < filled)
        {
            var rest = buffer.AsSpan(i, filled - i);
            var k = quoted ? rest.IndexOf((byte)'"') : rest.IndexOfAny((byte)'\n', (byte)'"');
            if (k < 0)
            {
                unclosed = quoted;
                return -1;
            }

            i += k;
            if (buffer[i] == '\n')
            {
                return i;
            }

            // A quote opens a quoted field only at the field's start; inside one, "" is an escaped quote.
            this.quoted = true;
            if (quoted || i == s || buffer[i - 1] == ',')
            {
                quoted = !quoted;
                opened = quoted ? i : opened;
            }

            i++;
        }

        unclosed = quoted;
        return -1;
    }

    private void Split()
    {
        if (split)
        {
            return;
        }

        split = true;
        var s = recordStart;
        var e = recordEnd;
        fields.Clear();
        var i = s;
        while (true)
        {
            if (i < e && buffer[i] == '"')
            {
                var content = i + 1;
                var escaped = false;
                var j = content;
                while (j < e)
                {
                    if (buffer[j] == '"')
                    {
                        if (j + 1 < e && buffer[j + 1] == '"')
                        {
                            escaped = true;
                            j += 2;
                            continue;
                        }

                        break;
                    }

                    j++;
                }

                fields.Add((content, j - content, escaped));
                var comma = buffer.AsSpan(j, e - j).IndexOf((byte)',');
                if (comma < 0)
                {
                    return;
                }

                i = j + comma + 1;
            }
            else
            {
                var comma = buffer.AsSpan(i, e - i).IndexOf((byte)',');
                if (comma < 0)
                {
                    fields.Add((i, e - i, false));
                    return;
                }

                fields.Add((i, comma, false));
                i += comma + 1;
            }
        }
    }

    private void Compact()
    {
        var length = filled - start;
        if (start == 0)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }
        else
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, length);
            discarded += start;
        }

        start = 0;
        filled = length;
    }

    private void Fill()
    {
        while (filled < buffer.Length)
        {
            int read;
            try
            {
                read = stream.Read(buffer, filled, buffer.Length - filled);
            }
            catch (InvalidDataException e)
            {
                throw TableCompression.Damaged(path, e);
            }

            if (read == 0)
            {
                eof = true;
                return;
            }

            filled += read;
        }
    }
}
