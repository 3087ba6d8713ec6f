using Tollgate.Domain.Reports;
using Tollgate.Server.Hosting;

namespace Tollgate.Server.Integrations;

/// <summary>A judgement's outcome: the recorded report, or why there is none (which means hold).</summary>
public sealed record Judged(Report? Report, string? NotJudged)
{
    /// <summary>Why <see cref="Report"/> (a <c>fail</c>: only a rollback is acted on without its record) could not be recorded; null when it was.</summary>
    public string? Unrecorded { get; init; }

    /// <summary>
    /// The report's compact JSON as the routes answer it: the recorded bytes, or for a report not recorded the same
    /// core with <c>"recorded": false</c>, as a hold that judged nothing says it.
    /// </summary>
    public byte[] Utf8(ServerLedger ledger)
    {
        var utf8 = ledger.ReportUtf8(Report ?? throw new InvalidOperationException("nothing judged"));
        if (Unrecorded is null)
        {
            return utf8;
        }

        var end = Array.LastIndexOf(utf8, (byte)'}');
        return [.. utf8.AsSpan(0, end), .. ",\"recorded\":false}"u8];
    }
}
