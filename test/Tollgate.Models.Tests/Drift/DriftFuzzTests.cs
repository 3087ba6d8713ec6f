using System.Text;
using CsCheck;
using Tollgate.Domain;
using Tollgate.Models.Drift;
using Tollgate.Models.Tables;
using Tollgate.Models.Tests.Tables;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Drift;

/// <summary>
/// Drift between mutated CSV files: the streamed comparison (<see cref="StreamedDrift"/>, blocks of a few bytes on
/// every core, batches and a memory budget small enough for several rounds) and the general one (<see cref="TableDrift"/>)
/// agree on whether the files can be compared, and give the same report when they can; neither throws anything but
/// an input error, hangs, or allocates by a corrupt length.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class DriftFuzzTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Compare_MutatedCsvFiles_StreamedAndGeneralAgree()
    {
        var seed = Encoding.UTF8.GetBytes(CsvFuzzTests.Plain);
        var shifted = Encoding.UTF8.GetBytes(CsvFuzzTests.Plain.Replace(",r1,", ",r3,", StringComparison.Ordinal).Replace("5,", "6,", StringComparison.Ordinal));
        Gen.Select(Fuzz.Mutations(seed), Fuzz.Mutations(shifted), Gen.Int[1, 300], Gen.Int[0, 3], Gen.Bool)
            .Sample((reference, current, block, slicing, small) => { Compare(reference, current, block, slicing, small); }, iter: Fuzz.Iterations(150));
    }

    [Fact]
    public void Compare_Seeds_StreamedAndGeneralGiveOneReport()
    {
        var seed = Encoding.UTF8.GetBytes(CsvFuzzTests.Plain);

        for (var slicing = 0; slicing < 4; slicing++)
        {
            Compare(seed, seed, 7, slicing, small: true).ShouldBeTrue();
        }
    }

    /// <summary>True when the streamed comparison read both files (and agreed with the general one).</summary>
    private bool Compare(byte[] referenceBytes, byte[] currentBytes, int block, int slicing, bool small)
    {
        var reference = dir.File(Guid.NewGuid().ToString("N") + ".csv");
        var current = dir.File(Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllBytes(reference, referenceBytes);
        File.WriteAllBytes(current, currentBytes);
        try
        {
            string[] sliceBy = slicing switch { 0 => [], 1 => ["region"], 2 => ["count"], _ => ["region", "count"] };
            var request = new DriftRequest([reference], current)
            {
                SliceBy = sliceBy,
                MinRows = 5,
                BlockSize = block,
                KeepBudget = small ? 256 : null,
                TallyBatch = small ? 3 : null,
            };
            List<FeatureDrift>? streamed = null;
            var streamedError = FuzzCase.Run(current, () => streamed = StreamedDrift.TryCompare(request, default));
            List<FeatureDrift>? general = null;

            // Opened as the gate opens them (DriftGate): the slice columns as text exactly as written, so '0\t' is not 0.
            var generalError = FuzzCase.Run(current, async () =>
                general = await TableDrift.CompareAsync(await FeatureTable.OpenAsync(reference, sliceBy), await FeatureTable.OpenAsync(current, sliceBy), request, default));
            foreach (var error in new[] { streamedError, generalError }.OfType<InvalidInputException>())
            {
                error.Message.ShouldNotContain("\n");
            }

            if (streamedError is not null)
            {
                generalError.ShouldNotBeNull($"the streamed comparison refused the files ({streamedError.Message}), the general one compared them");
                return false;
            }

            if (streamed is null)
            {
                return false;
            }

            generalError.ShouldBeNull($"the streamed comparison compared the files, the general one refused them");
            streamed.ShouldBe(general);
            return true;
        }
        finally
        {
            File.Delete(reference);
            File.Delete(current);
        }
    }
}
