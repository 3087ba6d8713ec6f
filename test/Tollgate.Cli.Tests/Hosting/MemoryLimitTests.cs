using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Hosting;

/// <summary>
/// The real built binary under a heap limit (a container's, or <c>DOTNET_GCHeapHardLimit</c>, in hexadecimal without
/// <c>0x</c>, which the Native AOT binary would not read; Tollgate.Release.Tests runs that binary under it).
/// </summary>
public sealed class MemoryLimitTests
{
    [Theory]
    [InlineData(2_000)]
    [InlineData(30_000)]
    public async Task ModelDrift_PairOf20ColumnsUnderA64MBHeap_GivesTheSameReportAsWithoutALimit(int rows)
    {
        // 20 numeric columns of distinct values (11 MB a file at 30,000 rows): blocks, batches and tables sized to the
        // file and the heap (the budget's 2 MB blocks, batches of at most 32,768 values), not 4 MB batches and 8 MB blocks.
        var dir = Directory.CreateTempSubdirectory("tollgate-memory-").FullName;
        try
        {
            ModelFixtures.WriteUniformColumns(Path.Combine(dir, "ref.csv"), 1, rows, 0);
            ModelFixtures.WriteUniformColumns(Path.Combine(dir, "cur.csv"), 2, rows, 0.25);
            string[] args = ["model", "drift", "--reference", "ref.csv", "--current", "cur.csv", "--format", "json", "--ledger", "limited.db"];
            using var limited = BuiltTollgate.Start(dir, new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "4000000" }, args);
            var small = await limited.ExitAsync(TimeSpan.FromMinutes(2));
            using var free = BuiltTollgate.Start(dir, null, [.. args[..^1], "free.db"]);
            var whole = await free.ExitAsync(TimeSpan.FromMinutes(2));

            small.Code.ShouldBe(1, small.Error);
            small.Error.ShouldBeEmpty();
            System.Text.Json.JsonDocument.Parse(small.Out).RootElement.GetProperty("reason").GetString().ShouldBe("1 feature drifted: f03");
            small.Out.ShouldBe(whole.Out);
            whole.Code.ShouldBe(1);
            File.Exists(Path.Combine(dir, "limited.db")).ShouldBeTrue("the verdict is recorded");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task ModelDrift_HeapTooSmall_SaysSoInOneLineAndRecordsNothing()
    {
        // The same 30,000-row pair under 32 MB (it needs about 40): the first allocation refused is a large one, so there
        // is room left for the line. Run many times on a loaded machine: with background GC off, the runtime's GC
        // crashed here (SIGSEGV, exit 139) in up to half the runs; see Tollgate.Cli.csproj.
        var dir = Directory.CreateTempSubdirectory("tollgate-memory-").FullName;
        try
        {
            ModelFixtures.WriteUniformColumns(Path.Combine(dir, "ref.csv"), 1, 30_000, 0);
            ModelFixtures.WriteUniformColumns(Path.Combine(dir, "cur.csv"), 2, 30_000, 0);
            using var limited = BuiltTollgate.Start(dir, new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "2000000" },
                "model", "drift", "--reference", "ref.csv", "--current", "cur.csv", "--format", "json", "--ledger", "limited.db");
            var small = await limited.ExitAsync(TimeSpan.FromMinutes(2));

            small.Code.ShouldBe(3, small.Out);
            small.Error.ShouldStartWith("tollgate: error: out of memory: the input needs more than the 32 MB this process may use");
            small.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldHaveSingleItem();
            small.Out.ShouldBeEmpty();
            File.Exists(Path.Combine(dir, "limited.db")).ShouldBeFalse("nothing was recorded, not even a ledger made");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
