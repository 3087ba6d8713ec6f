using System.Globalization;
using System.Text;

namespace Tollgate.Cli.Tests.Hosting;

/// <summary>The real built binary under a heap limit (a container's, or <c>DOTNET_GCHeapHardLimit</c>).</summary>
public sealed class MemoryLimitTests
{
    [Fact]
    public async Task ModelDrift_HeapTooSmall_SaysSoInOneLineAndRecordsNothing_OrGivesTheSameReport()
    {
        // 20 numeric columns of 30,000 distinct values (11 MB a file): with batches sized to the file it still took more
        // than a 64 MB heap when measured (it fits in 80 MB): two 8 MB parsing buffers, each column's table of distinct
        // values, the reference's samples held while the current file is read.
        var dir = Directory.CreateTempSubdirectory("tollgate-memory-").FullName;
        try
        {
            Write(Path.Combine(dir, "ref.csv"), 1, 30_000, 0);
            Write(Path.Combine(dir, "cur.csv"), 2, 30_000, 0);
            string[] args = ["model", "drift", "--reference", "ref.csv", "--current", "cur.csv", "--format", "json", "--ledger", "limited.db"];
            using var limited = BuiltTollgate.Start(dir, new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "4000000" }, args);
            var small = await limited.ExitAsync(TimeSpan.FromMinutes(2));

            if (small.Code == 3)
            {
                small.Error.ShouldStartWith("tollgate: error: out of memory: the input needs more than the 64 MB this process may use");
                small.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldHaveSingleItem();
                small.Out.ShouldBeEmpty();
                File.Exists(Path.Combine(dir, "limited.db")).ShouldBeFalse("nothing was recorded, not even a ledger made");
                return;
            }

            // Should tallies ever need less memory, the limit must still not change the report.
            using var free = BuiltTollgate.Start(dir, null, [.. args[..^1], "free.db"]);
            var whole = await free.ExitAsync(TimeSpan.FromMinutes(2));
            small.Code.ShouldBe(whole.Code, small.Error);
            Findings(small.Out).ShouldBe(Findings(whole.Out));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task ModelDrift_SmallFilesUnderASmallHeap_GiveTheSameReportAsWithoutALimit()
    {
        // 20 numeric columns of 2,000 rows (under 1 MB a file): batches sized to the file, not 20 × 2 batches of 4 MB.
        var dir = Directory.CreateTempSubdirectory("tollgate-memory-").FullName;
        try
        {
            Write(Path.Combine(dir, "ref.csv"), 1, 2_000, 0);
            Write(Path.Combine(dir, "cur.csv"), 2, 2_000, 0.25);
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

    private static string Findings(string report) => System.Text.Json.JsonDocument.Parse(report).RootElement.GetProperty("findings").GetRawText();

    // 20 columns of uniform values, f03 shifted by `shift`.
    private static void Write(string path, int seed, int rows, double shift)
    {
        var random = new Random(seed);
        var text = new StringBuilder(string.Join(",", Enumerable.Range(0, 20).Select(c => $"f{c:00}")) + "\n");
        for (var r = 0; r < rows; r++)
        {
            text.AppendJoin(',', Enumerable.Range(0, 20).Select(c => (random.NextDouble() + (c == 3 ? shift : 0)).ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }
}
