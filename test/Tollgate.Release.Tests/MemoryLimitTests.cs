using System.Text.Json;
using Tollgate.Testing;

namespace Tollgate.Release.Tests;

/// <summary>
/// The Native AOT binary under a heap limit (<c>DOTNET_GCHeapHardLimit</c>, hexadecimal without <c>0x</c>: the AOT
/// runtime does not read a value written with it): the report it gives when the input fits, and the one line when not.
/// </summary>
public sealed class MemoryLimitTests
{
    [Fact]
    public async Task ModelDrift_PairUnderA64MBHeap_GivesTheSameReportAsWithoutALimit()
    {
        var dir = Pair(shift: 0.25);
        try
        {
            string[] args = ["model", "drift", "--reference", "ref.csv", "--current", "cur.csv", "--format", "json", "--ledger"];
            var limited = await Run.StartAsync(ReleaseBuild.Shared.Binary, [.. args, "limited.db"], dir, environment: Limit("4000000"));
            var free = await Run.StartAsync(ReleaseBuild.Shared.Binary, [.. args, "free.db"], dir);

            limited.Code.ShouldBe(1, limited.Error);
            limited.Error.ShouldBeEmpty();
            JsonDocument.Parse(limited.Out).RootElement.GetProperty("reason").GetString().ShouldBe("1 feature drifted: f03");
            limited.Out.ShouldBe(free.Out);
            File.Exists(Path.Combine(dir, "limited.db")).ShouldBeTrue("the verdict is recorded");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("2000000", "32 MB")]
    [InlineData("1000000", "16 MB")]
    public async Task ModelDrift_HeapTooSmall_SaysSoInOneLineAndRecordsNothing(string limit, string size)
    {
        // Several runs: a crash in the runtime's GC at the limit (exit 139, nothing said) came in some runs, not all.
        var dir = Pair(shift: 0);
        try
        {
            for (var attempt = 0; attempt < 4; attempt++)
            {
                var run = await Run.StartAsync(ReleaseBuild.Shared.Binary,
                    ["model", "drift", "--reference", "ref.csv", "--current", "cur.csv", "--format", "json", "--ledger", "limited.db"], dir, environment: Limit(limit));

                run.Code.ShouldBe(3, $"attempt {attempt}: {run.Error}");
                run.Error.ShouldStartWith($"tollgate: error: out of memory: the input needs more than the {size} this process may use");
                run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldHaveSingleItem();
                run.Out.ShouldBeEmpty();
                File.Exists(Path.Combine(dir, "limited.db")).ShouldBeFalse("nothing was recorded, not even a ledger made");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task ModelDrift_AddressSpaceTooSmall_NamesTheUlimitNotTheMachinesMemory()
    {
        // A 100 MB cell under ulimit -v of 1.5 GB (prlimit --as): the line named the machine's memory ("the 23.5 GB this
        // process may use"), which the GC reports without the address-space limit.
        var dir = Directory.CreateTempSubdirectory("tollgate-aot-as-").FullName;
        try
        {
            using (var big = new StreamWriter(Path.Combine(dir, "big.csv")))
            {
                await big.WriteAsync("a,b\n1,");
                await big.WriteAsync(new string('x', 100_000_000));
                await big.WriteAsync("\n2,y\n");
            }

            await File.WriteAllTextAsync(Path.Combine(dir, "small.csv"), "a,b\n1,2\n3,4\n");
            var run = await Run.StartAsync("prlimit",
                ["--as=1500000000", ReleaseBuild.Shared.Binary, "model", "drift", "--reference", "big.csv", "--current", "small.csv", "--ledger", "limited.db"], dir);

            run.Code.ShouldBe(3, run.Error);
            run.Error.ShouldBe("tollgate: error: out of memory: the input needs more than the 1.4 GB of address space this process may use (ulimit -v); give it more, or split the input\n");
            File.Exists(Path.Combine(dir, "limited.db")).ShouldBeFalse("nothing was recorded, not even a ledger made");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Dictionary<string, string> Limit(string hex) => new() { ["DOTNET_GCHeapHardLimit"] = hex };

    // The 30,000-row, 20-column pair (11 MB a file) the CLI's memory tests use.
    private static string Pair(double shift)
    {
        var dir = Directory.CreateTempSubdirectory("tollgate-aot-memory-").FullName;
        ModelFixtures.WriteUniformColumns(Path.Combine(dir, "ref.csv"), 1, 30_000, 0);
        ModelFixtures.WriteUniformColumns(Path.Combine(dir, "cur.csv"), 2, 30_000, shift);
        return dir;
    }
}
