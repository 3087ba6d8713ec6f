using Tollgate.Domain;
using Tollgate.Models.Promotion;

namespace Tollgate.Models.Tests.Promotion;

public sealed class KpiLogTests
{
    private static readonly KpiSpec Approved = new("approved", "approved") { SliceBy = ["region"] };

    [Fact]
    public async Task ReadAsync_OneKpiCellIsText_NamesTheCellAndItsRow()
    {
        // "KPI column approved holds text" left the user to search 15,000 rows for the one cell that is not 0 or 1.
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("canary.csv"), "request_id,model_version,region,approved\nq1,1,eu,1\nq1,2,eu,0\nq2,9,eu,n/a\nq2,2,eu,yes\n");

        var error = await Should.ThrowAsync<InvalidInputException>(() => KpiLog.ReadAsync(dir.File("canary.csv"), "canary.csv", Approved, "2", "1", CancellationToken.None));

        error.Message.ShouldBe("canary.csv: KPI column approved holds text ('yes' in row 4); it must be numbers (0/1 for a conversion)");
    }

    [Fact]
    public async Task ReadAsync_TextOnlyInRowsOfOtherVersions_NamesTheFirstOfThem()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("canary.csv"), "request_id,model_version,region,approved\nq1,1,eu,1\nq1,2,eu,0\nq2,9,eu,unknown\n");

        var error = await Should.ThrowAsync<InvalidInputException>(() => KpiLog.ReadAsync(dir.File("canary.csv"), "canary.csv", Approved, "2", "1", CancellationToken.None));

        error.Message.ShouldContain("holds text ('unknown' in row 3)");
    }

    [Theory]
    [InlineData("inf", "'inf' in row 2")] // was "holds text ('inf' in row 2)"
    [InlineData("-Infinity", "in row 2")]
    public async Task ReadAsync_InfiniteKpiValue_SaysItIsInfiniteNotText(string value, string where)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("kn.csv"), $"request_id,model_version,region,approved\nq1,1,eu,0\nq2,2,eu,{value}\n");

        var error = await Should.ThrowAsync<InvalidInputException>(() => KpiLog.ReadAsync(dir.File("kn.csv"), "kn.csv", Approved, "2", "1", CancellationToken.None));

        error.Message.ShouldBe($"kn.csv: KPI column approved holds an infinite value ({where}); it must be finite numbers (0/1 for a conversion)");
    }

    [Theory]
    [InlineData("v1", "v2", new[] { "v1", "v2" })] // versions written another way: the hold says what the log holds
    [InlineData("1", "3", new[] { "1", "3" })] // the candidate has no traffic yet
    [InlineData("1", "2", new string[0])]
    public async Task ReadAsync_AVersionWithoutRows_SaysWhichVersionsTheLogHolds(string live, string candidate, string[] held)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("canary.csv"), $"request_id,model_version,region,approved\nq1,{live},eu,1\nq2,{candidate},eu,0\nq3,{live},us,1\n");

        var read = await KpiLog.ReadAsync(dir.File("canary.csv"), "canary.csv", Approved, "2", "1", CancellationToken.None);

        read.Held.ShouldBe(held);
    }

    [Fact]
    public async Task ReadAsync_Versions110And11WithAnNaRow_KeepsThemApartAndSliceKeysAsWritten()
    {
        // Since n/a counts as missing among numbers, the version column read as numbers: 1.10 became 1.1, and every
        // candidate row was taken for the live version's. Keys are read as written.
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("canary.csv"), "request_id,model_version,store,approved\nq1,1.10,007,1\nq2,1.1,007,0\nq3,1.10,7,1\nq4,n/a,7,0\nq5,1.1,7,1\nq6,1.1,007,1\n");
        var spec = new KpiSpec("approved", "approved") { SliceBy = ["store"] };

        var read = await KpiLog.ReadAsync(dir.File("canary.csv"), "canary.csv", spec, "1.10", "1.1", CancellationToken.None);

        read.Held.ShouldBeEmpty();
        read.Slices.Select(s => (s.Slice, s.Candidate.Length, s.Live.Length)).ShouldBe([(KpiLog.AllRows, 2, 3), ("store=007", 1, 2), ("store=7", 1, 1)]);
    }
}
