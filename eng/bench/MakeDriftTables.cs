#:project ../../src/Tollgate.Models/Tollgate.Models.csproj
#:property PublishAot=false
// The drift benchmark's data: a reference and a current table of ROWS rows × 20 numeric features, seeded, written
// three ways with the same values: CSV, Parquet (Snappy, row groups of 1,000,000) and NumPy .npy (column-major
// float64, what eng/bench/scipy_ks_2samp.py loads). SHAPE rounded (the default) rounds values to 4 decimals: every
// column then has many ties. SHAPE continuous keeps every bit (16 of the 20 features then have almost no ties; the
// four counts still do); CSV holds the shortest text that parses back to the same double. Five of the twenty current
// features are shifted, so the report has findings to make.
//   dotnet run -c Release eng/bench/MakeDriftTables.cs -- DIR [ROWS] [rounded|continuous]
using System.Buffers;
using System.Text;
using Parquet;
using Parquet.Schema;

var dir = args[0];
var rows = args.Length > 1 ? int.Parse(args[1]) : 10_000_000;
var continuous = args.Length > 2 && args[2] == "continuous";
const int features = 20, group = 1_000_000;
Directory.CreateDirectory(dir);
foreach (var (name, seed, shifted) in new[] { ("ref", 20261201, false), ("cur", 20261202, true) })
{
    var columns = new double[features][];
    var random = new Random(seed);
    for (var f = 0; f < features; f++)
    {
        var column = columns[f] = new double[rows];
        var shift = shifted && f % 4 == 0 ? 0.15 : 0.0;
        for (var i = 0; i < rows; i++)
        {
            var value = Value(random, f, shift);
            column[i] = continuous ? value : Math.Round(value, 4);
        }
    }

    await WriteParquetAsync(Path.Combine(dir, name + ".parquet"), columns);
    WriteNpy(Path.Combine(dir, name + ".npy"), columns);
    WriteCsv(Path.Combine(dir, name + ".csv"), columns);
    Console.WriteLine($"{name}: {rows} rows × {features} features");
}

// Normal, log-normal, exponential, uniform and a discrete count, four of each (feature f has kind f % 5).
static double Value(Random random, int f, double shift)
{
    double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    return (f % 5) switch
    {
        0 => 10 + 2 * (Normal() + shift),
        1 => Math.Exp(0.5 * (Normal() + shift)),
        2 => -Math.Log(1 - random.NextDouble()) * (1 + shift),
        3 => random.NextDouble() + shift / 4,
        _ => Math.Floor(-Math.Log(1 - random.NextDouble()) * (20 + 10 * shift)),
    };
}

static async Task WriteParquetAsync(string path, double[][] columns)
{
    var fields = columns.Select((_, f) => new DataField<double>($"f{f:00}")).ToArray();
    await using var stream = File.Create(path);
    await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
    for (var start = 0; start < columns[0].Length; start += group)
    {
        var count = Math.Min(group, columns[0].Length - start);
        using var rowGroup = writer.CreateRowGroup();
        for (var f = 0; f < columns.Length; f++)
        {
            await rowGroup.WriteAsync<double>(fields[f], columns[f].AsMemory(start, count));
        }
    }
}

static void WriteNpy(string path, double[][] columns)
{
    var header = $"{{'descr': '<f8', 'fortran_order': True, 'shape': ({columns[0].Length}, {columns.Length}), }}";
    header = header.PadRight(((10 + header.Length + 1 + 63) / 64 * 64) - 10 - 1) + "\n";
    using var stream = File.Create(path);
    stream.Write([0x93, .. "NUMPY"u8, 1, 0, (byte)(header.Length & 0xff), (byte)(header.Length >> 8)]);
    stream.Write(Encoding.ASCII.GetBytes(header));
    foreach (var column in columns)
    {
        stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(column.AsSpan()));
    }
}

static void WriteCsv(string path, double[][] columns)
{
    using var stream = new BufferedStream(File.Create(path), 1 << 20);
    stream.Write(Encoding.ASCII.GetBytes(string.Join(",", columns.Select((_, f) => $"f{f:00}")) + "\n"));
    var line = new byte[64 * columns.Length];
    for (var i = 0; i < columns[0].Length; i++)
    {
        var n = 0;
        for (var f = 0; f < columns.Length; f++)
        {
            columns[f][i].TryFormat(line.AsSpan(n), out var written, "R", System.Globalization.CultureInfo.InvariantCulture);
            n += written;
            line[n++] = (byte)(f == columns.Length - 1 ? '\n' : ',');
        }

        stream.Write(line, 0, n);
    }
}
