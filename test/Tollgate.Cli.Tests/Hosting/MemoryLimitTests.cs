using System.Globalization;
using System.Text;

namespace Tollgate.Cli.Tests.Hosting;

/// <summary>The real built binary under a heap limit (a container's, or <c>DOTNET_GCHeapHardLimit</c>).</summary>
public sealed class MemoryLimitTests
{
    [Fact]
    public async Task ModelDrift_HeapTooSmall_SaysSoInOneLineAndRecordsNothing_OrGivesTheSameReport()
    {
        // 20 numeric columns of 30,000 rows: each column's tally gathers values in half-million-value batches (4 MB),
        // more than a 64 MB heap holds.
        var dir = Directory.CreateTempSubdirectory("tollgate-memory-").FullName;
        try
        {
            Write(Path.Combine(dir, "ref.csv"), 1);
            Write(Path.Combine(dir, "cur.csv"), 2);
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

    private static string Findings(string report) => System.Text.Json.JsonDocument.Parse(report).RootElement.GetProperty("findings").GetRawText();

    private static void Write(string path, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(string.Join(",", Enumerable.Range(0, 20).Select(c => $"f{c:00}")) + "\n");
        for (var r = 0; r < 30_000; r++)
        {
            text.AppendJoin(',', Enumerable.Range(0, 20).Select(_ => random.NextDouble().ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }
}
