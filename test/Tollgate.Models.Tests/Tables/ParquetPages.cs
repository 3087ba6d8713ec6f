using Parquet.Meta;
using Parquet.Schema;

namespace Tollgate.Models.Tests.Tables;

/// <summary>
/// Parquet pages of doubles built byte by byte from the format's description: a dictionary page of PLAIN values, then
/// data pages of RLE / bit-packed indices, with or without definition levels, stored or Snappy-compressed (what most
/// writers other than Parquet.Net produce; Parquet.Net never writes them for doubles).
/// </summary>
internal static class ParquetPages
{
    /// <summary>Two row groups (1000 and 37 rows) of such pages in <paramref name="path"/>, the footer's metadata that describes them, and the values they hold.</summary>
    public static (FileMetaData Metadata, DataField Field, double[] Expected) DictionaryFile(string path, bool snappy, bool nullable)
    {
        double[] dictionary = [2.5, -0.0, 1e-300, double.PositiveInfinity, 7.25, 3.0, -1.5];
        var random = new Random(7);
        var rows = new[] { 1000, 37 };
        var expected = new List<double>();
        var chunks = new List<(long Offset, long Length, int Rows)>();
        using (var file = File.Create(path))
        {
            file.Write("PAR1"u8);
            foreach (var count in rows)
            {
                var offset = file.Position;
                var indices = Enumerable.Range(0, count).Select(i => i < 300 ? 4 : random.Next(dictionary.Length)).ToArray();
                var defined = Enumerable.Range(0, count).Select(i => !nullable || i % 5 != 1).ToArray();
                expected.AddRange(indices.Select((k, i) => defined[i] ? dictionary[k] : double.NaN));

                Page(file, type: 2, [.. dictionary.SelectMany(BitConverter.GetBytes)], snappy, dictionary.Length, encoding: 0);
                var page = new List<byte>();
                if (nullable)
                {
                    var levels = Hybrid(defined.Select(d => d ? 1 : 0).ToArray(), width: 1);
                    page.AddRange(BitConverter.GetBytes(levels.Length));
                    page.AddRange(levels);
                }

                page.Add(3);
                page.AddRange(Hybrid(indices.Where((_, i) => defined[i]).ToArray(), width: 3));
                Page(file, type: 0, [.. page], snappy, count, encoding: 8);
                chunks.Add((offset, file.Position - offset, count));
            }
        }

        var field = nullable ? new DataField<double?>("x") : (DataField)new DataField<double>("x");
        _ = new ParquetSchema(field);
        var metadata = new FileMetaData
        {
            RowGroups = [.. chunks.Select(c => new RowGroup
            {
                NumRows = c.Rows,
                Columns =
                [
                    new ColumnChunk
                    {
                        MetaData = new ColumnMetaData
                        {
                            Type = Parquet.Meta.Type.DOUBLE,
                            Codec = snappy ? CompressionCodec.SNAPPY : CompressionCodec.UNCOMPRESSED,
                            PathInSchema = ["x"],
                            Encodings = [Encoding.PLAIN, Encoding.RLE_DICTIONARY, Encoding.RLE],
                            DictionaryPageOffset = c.Offset,
                            DataPageOffset = c.Offset + 1,
                            TotalCompressedSize = c.Length,
                            NumValues = c.Rows,
                        },
                    },
                ],
            })],
        };

        return (metadata, field, [.. expected]);
    }

    // A page header in Thrift's compact protocol (its uncompressed size the body's unless given), then the body (Snappy-compressed when asked).
    public static void Page(Stream file, int type, byte[] body, bool snappy, int values, int encoding, int? uncompressedSize = null)
    {
        var stored = snappy ? Snappier.Snappy.CompressToArray(body) : body;
        var header = new List<byte>();
        header.Add(0x15);
        header.AddRange(Varint(ZigZag(type)));
        header.Add(0x15);
        header.AddRange(Varint(ZigZag(uncompressedSize ?? body.Length)));
        header.Add(0x15);
        header.AddRange(Varint(ZigZag(stored.Length)));
        header.Add(type == 2 ? (byte)0x4C : (byte)0x2C); // field 7 (dictionary page header) or 5 (data page header)
        header.Add(0x15);
        header.AddRange(Varint(ZigZag(values)));
        header.Add(0x15);
        header.AddRange(Varint(ZigZag(encoding)));
        if (type == 0)
        {
            header.Add(0x15);
            header.AddRange(Varint(ZigZag(3))); // definition levels: RLE
            header.Add(0x15);
            header.AddRange(Varint(ZigZag(3)));
        }

        header.Add(0);
        header.Add(0);
        file.Write([.. header]);
        file.Write(stored);
    }

    // The first 100 values as one run, the rest bit-packed in groups of eight (the last group padded).
    public static byte[] Hybrid(int[] values, int width)
    {
        var bytes = new List<byte>();
        var run = Math.Min(100, values.Length);
        if (run > 0 && values.Take(run).All(v => v == values[0]))
        {
            bytes.AddRange(Varint((uint)run << 1));
            bytes.Add((byte)values[0]);
        }
        else
        {
            run = 0;
        }

        var rest = values.Skip(run).ToArray();
        var groups = (rest.Length + 7) / 8;
        if (groups > 0)
        {
            bytes.AddRange(Varint(((uint)groups << 1) | 1));
            var packed = new byte[groups * width];
            for (var i = 0; i < rest.Length; i++)
            {
                for (var b = 0; b < width; b++)
                {
                    if (((rest[i] >> b) & 1) != 0)
                    {
                        packed[((i * width) + b) / 8] |= (byte)(1 << (((i * width) + b) % 8));
                    }
                }
            }

            bytes.AddRange(packed);
        }

        return [.. bytes];
    }

    public static uint ZigZag(int value) => (uint)((value << 1) ^ (value >> 31));

    public static List<byte> Varint(uint value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return bytes;
    }
}
