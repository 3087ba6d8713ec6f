using Parquet;
using Parquet.Schema;
using Tollgate.Models.Drift;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Tests.Tables;

public sealed class ParquetTableTests
{
    private static async Task WriteParquetAsync(string path, Table csv)
    {
        var income = new DataField<double>("income");
        var age = new DataField<double?>("age");
        var region = new DataField<string>("region");
        var plan = new DataField<string>("plan");
        var schema = new ParquetSchema(age, income, region, plan);
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        var half = csv.Rows / 2;
        foreach (var (start, count) in new[] { (0, half), (half, csv.Rows - half) })
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<double>(age, csv.Find("age")!.Numbers!.Skip(start).Take(count).Select(v => (double?)v).ToArray().AsMemory());
            await group.WriteAsync<double>(income, csv.Find("income")!.Numbers!.AsMemory(start, count));
            await group.WriteAsync(region, csv.Find("region")!.Texts!.Skip(start).Take(count).ToArray());
            await group.WriteAsync(plan, csv.Find("plan")!.Texts!.Skip(start).Take(count).ToArray());
        }
    }

    [Fact]
    public async Task ReadAsync_TwoRowGroups_GivesTheSameDriftReportAsTheCsv()
    {
        using var dir = new TempDirectory();
        var reference = FeatureTables.WriteCsv(dir.File("ref.csv"), 3000, 21);
        var current = FeatureTables.WriteCsv(dir.File("cur.csv"), 2000, 22, euIncomeShift: 4);
        await WriteParquetAsync(dir.File("cur.parquet"), CsvTable.Read(current));
        var table = await TableFile.ReadAsync(dir.File("cur.parquet"));
        table.Rows.ShouldBe(2000);
        table.Find("region")!.IsNumeric.ShouldBeFalse();
        table.Find("age")!.IsNumeric.ShouldBeTrue();

        var fromCsv = await Judged.DriftAsync(new DriftRequest([reference], current) { SliceBy = ["region"] });
        var fromParquet = await Judged.DriftAsync(new DriftRequest([reference], dir.File("cur.parquet")) { SliceBy = ["region"] });
        fromParquet.Verdict.ShouldBe(Domain.Verdicts.Verdict.Fail);
        Domain.Reports.ReportJson.SerializeFindings(fromParquet.Findings).ShouldBe(Domain.Reports.ReportJson.SerializeFindings(fromCsv.Findings));
    }

    [Fact]
    public async Task ReadAsync_NotParquet_IsInvalidInput()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("bad.parquet"), "PAR1 not really");
        await Should.ThrowAsync<Domain.InvalidInputException>(() => TableFile.ReadAsync(dir.File("bad.parquet")));
    }
}
