using System.Text;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Hosting;

/// <summary>SIGTERM while the real built binary writes a large <c>--output</c> report: the previous report stays, nothing else is left.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ReportSignalTests : IDisposable
{
    private const string Previous = "{\"verdict\":\"pass\"}\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-sigreport-").FullName;

    [Fact]
    public async Task Plan_SigtermWhileTheJsonReportOf200000DeletesIsWritten_LeavesThePreviousReportAndNoHiddenFile()
    {
        await WriteDeletesAsync(Path.Combine(_dir, "big.json"), 200_000); // a report of ~86 MB
        var report = Path.Combine(_dir, "report.json");
        await File.WriteAllTextAsync(report, Previous);
        using var tollgate = BuiltTollgate.Start(_dir, null, "plan", "big.json", "--format", "json", "-o", "report.json");
        var writing = await ProcessProbe.AppearsAsync(() => Hidden().Length > 0, TimeSpan.FromMinutes(2));

        tollgate.Signal("TERM");
        var exit = await tollgate.ExitAsync(TimeSpan.FromSeconds(15));

        writing.ShouldBeTrue("the report was never being written");
        exit.Code.ShouldBe(143, exit.Error);
        exit.Error.ShouldMatch(@"^tollgate: stopped by SIGTERM( \(work in progress abandoned\))?\n$");
        (await File.ReadAllTextAsync(report)).ShouldBe(Previous);
        Hidden().ShouldBeEmpty();
    }

    private string[] Hidden() => Directory.GetFiles(_dir, ".report.json.tollgate-*");

    /// <summary>A plan JSON that deletes <paramref name="count"/> terraform_data resources.</summary>
    internal static async Task WriteDeletesAsync(string path, int count)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        await writer.WriteAsync("{\"format_version\":\"1.2\",\"terraform_version\":\"1.11.4\",\"resource_changes\":[");
        for (var i = 0; i < count; i++)
        {
            await writer.WriteAsync($"{(i == 0 ? "" : ",")}{{\"address\":\"terraform_data.x[{i}]\",\"mode\":\"managed\",\"type\":\"terraform_data\",\"name\":\"x\",\"index\":{i},\"provider_name\":\"terraform.io/builtin/terraform\",\"change\":{{\"actions\":[\"delete\"],\"before\":{{\"id\":\"{i}\"}},\"after\":null,\"after_unknown\":{{}},\"before_sensitive\":{{}},\"after_sensitive\":false}}}}");
        }

        await writer.WriteAsync("],\"complete\":true,\"applyable\":true,\"errored\":false}");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
