using System.Text;
using CsCheck;
using Tollgate.Domain;
using Tollgate.Models.Tests.Tables;
using Tollgate.Models.Trends;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Trends;

/// <summary>
/// KPI series files (<c>time,value</c>, plain and gzip-compressed) mutated: read and judged for a trend, or one input
/// error naming the file (with its line where a line is at fault); never another exception or a hang.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class SeriesFuzzTests : IDisposable
{
    /// <summary>A header, a comment, RFC 3339 times with offsets and fractions, dates, Unix seconds, a blank line.</summary>
    internal static readonly string Seed = "time,value\n# daily conversion\n"
        + string.Concat(Enumerable.Range(0, 30).Select(i => i switch
        {
            < 10 => $"2026-03-{i + 1:00}T00:00:00Z,{0.3 - (i * 0.001):0.####}\n",
            < 20 => $"2026-03-{i + 1:00},{0.29 - (i * 0.002):0.####}\n",
            25 => "\n",
            _ => $"{1774310400 + (i * 86400)},{0.25 - (i * 0.003):0.####}\n",
        }))
        + "2026-04-30T12:00:00.5+02:00, 0.2\n";

    private readonly TempDirectory dir = new();

    public static TheoryData<bool> Compressed => [false, true];

    public void Dispose() => dir.Dispose();

    [Theory]
    [MemberData(nameof(Compressed))]
    public void Read_MutatedSeries_JudgedOrInputErrorNamingTheFile(bool gzip) =>
        Fuzz.Mutations(Bytes(gzip)).Sample(file => Read(file), iter: Fuzz.Iterations(300));

    [Theory]
    [MemberData(nameof(Compressed))]
    public void Read_Seed_JudgedWithoutError(bool gzip) => Read(Bytes(gzip)).ShouldBeNull();

    private static byte[] Bytes(bool gzip) => gzip ? CsvFuzzTests.Gzip(Encoding.UTF8.GetBytes(Seed)) : Encoding.UTF8.GetBytes(Seed);

    private InvalidInputException? Read(byte[] file)
    {
        var path = dir.File(Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllBytes(path, file);
        try
        {
            var error = FuzzCase.Run(path, () =>
            {
                Series.Read(path);
                TrendGate.Evidence(new TrendRequest(path) { MinPoints = 5 });
            });
            error?.Message.ShouldStartWith(path);
            error?.Message.ShouldNotContain("\n");
            return error;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
