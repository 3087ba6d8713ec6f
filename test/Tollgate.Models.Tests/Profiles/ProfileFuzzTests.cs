using System.Text;
using CsCheck;
using Tollgate.Domain;
using Tollgate.Models.Drift;
using Tollgate.Models.Profiles;
using Tollgate.Models.Tables;
using Tollgate.Models.Tests.Tables;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Profiles;

/// <summary>
/// Profile files (<c>model profile</c>'s output) mutated: read, merged with another shard and compared with a profile
/// of the current window, or one input error naming the file; never another exception, a hang or a runaway allocation.
/// </summary>
[Collection(nameof(FuzzCollection))]
public sealed class ProfileFuzzTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Read_MutatedProfile_ComparedOrInputErrorNamingTheFile()
    {
        var (seed, other, current) = await SeedsAsync();
        Fuzz.Mutations(seed).Sample(text => Read(text, other, current), iter: Fuzz.Iterations(200));
    }

    [Fact]
    public async Task Read_Seed_ComparedWithoutError()
    {
        var (seed, other, current) = await SeedsAsync();

        Read(seed, other, current).ShouldBeNull();
    }

    // A sliced profile of the plain CSV, another of its rows in reverse order (another shard to merge), and the current window's profile (paths).
    private async Task<(string Seed, string Other, string Current)> SeedsAsync()
    {
        var csv = dir.File("window.csv");
        File.WriteAllText(csv, CsvFuzzTests.Plain);
        var shard = dir.File("shard.csv");
        var lines = CsvFuzzTests.Plain.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        File.WriteAllLines(shard, [lines[0], .. lines[1..].Reverse()]);
        var current = dir.File("current.json");
        ProfileFile.Write(ProfileFile.Make(await TableFile.ReadAsync(csv), ["region"]), current);
        var other = dir.File("other.json");
        ProfileFile.Write(ProfileFile.Make(await TableFile.ReadAsync(shard), ["region"]), other);
        return (File.ReadAllText(current), other, current);
    }

    private InvalidInputException? Read(string text, string other, string current)
    {
        var path = dir.File(Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, text, new UTF8Encoding(false));
        try
        {
            var error = FuzzCase.Run(path, async () =>
            {
                ProfileFile.Read(path);
                ProfileFile.ReadMerged([path, other]);
                await DriftGate.EvidenceAsync(new DriftRequest([path], current) { SliceBy = ["region"], MinRows = 5 });
            });
            error?.Message.ShouldNotContain("\n");
            return error;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
