using Tollgate.Models.Tables;
using Tollgate.Testing;
using CsCheck;

namespace Tollgate.Models.Tests.Tables;

/// <summary>
/// Damage in a page's body that the Parquet fuzz tests found at 200,000 mutations (these CsCheck seeds on the seed
/// files): a chunk whose codec is damaged to zstd ended in ZstdSharp's own exception, not an input error; a Snappy page
/// whose block states 137,663,787 bytes where its header states 120 made Snappier allocate 256 MB before it failed.
/// Each is now one input error naming the file, within the fuzz guard.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class ParquetPageBodyTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData("snappy", "bJHgyV5lmQM1", "its zstd-compressed data does not decode: Decompressed content size cannot be determined")]
    [InlineData("stored plain", "3wBfZtbbCpz3", "its zstd-compressed data does not decode: Decompressed content size cannot be determined")]
    [InlineData("snappy", "7k0zuXRVuhz1", "page 1: its Snappy block states 137663787 bytes where its header states 120 uncompressed")]
    public async Task Read_PageBodyFoundByFuzzing_RefusedNamingTheFile(string seed, string mutation, string damage)
    {
        var path = dir.File("t.parquet");
        var bytes = await ParquetFuzzTests.SeedAsync(seed);
        Fuzz.Mutations(bytes).Sample(file => File.WriteAllBytes(path, file), seed: mutation, iter: 1);

        var error = FuzzCase.Run(path, async () =>
        {
            var table = await TableFile.ReadAsync(path);
            var features = await FeatureTable.OpenAsync(path);
            foreach (var name in features.Names)
            {
                features.Release(await features.ReadAsync(name));
            }

            _ = table;
        });

        error.ShouldNotBeNull(mutation).Message.ShouldStartWith(path);
        error.Message.ShouldContain("not readable (" + damage);
        error.Message.ShouldNotContain("\n");
    }
}
