using System.Runtime.CompilerServices;
using Tollgate.Domain.Reports;

namespace Tollgate.Server.Hosting;

/// <summary>
/// Each recorded report's compact JSON, written once when it is recorded (the ledger stores its findings array) and
/// answered as those bytes by the route that asked for the verdict. Kept only as long as the report itself lives.
/// </summary>
internal sealed class RenderedReports
{
    private readonly ConditionalWeakTable<Report, byte[]> _utf8 = [];

    /// <summary>Writes <paramref name="report"/> once, keeps its bytes, and returns its findings as the ledger stores them.</summary>
    public string Render(Report report)
    {
        var (utf8, storedFindings) = ReportJson.ToUtf8WithStoredFindings(report);
        _utf8.AddOrUpdate(report, utf8);
        return storedFindings;
    }

    /// <summary>The report's compact JSON: the bytes written when it was recorded, or written now if it was not.</summary>
    public byte[] Utf8(Report report) => _utf8.TryGetValue(report, out var utf8) ? utf8 : ReportJson.ToUtf8(report, indented: false);
}
