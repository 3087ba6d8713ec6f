using Tollgate.Domain.Verdicts;

namespace Tollgate.Ledger.Verdicts;

/// <summary>
/// Verdict rows turned into one array per column (kind, subject, digest, verdict, reason, summary, findings, then
/// the exit codes), in row order: how PostgreSQL takes a batch as one insert (<c>unnest</c>).
/// </summary>
internal sealed record VerdictColumns(IReadOnlyList<string?[]> Text, int[] ExitCodes)
{
    public static VerdictColumns Of(IReadOnlyList<VerdictRow> rows)
    {
        var text = new string?[7][];
        for (var c = 0; c < text.Length; c++)
        {
            text[c] = new string?[rows.Count];
        }

        var exitCodes = new int[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var (report, findings) = (rows[i].Report, rows[i].StoredFindings);
            text[0][i] = report.Kind;
            text[1][i] = report.Subject;
            text[2][i] = report.Digest;
            text[3][i] = report.Verdict.WireName();
            text[4][i] = report.Reason;
            text[5][i] = rows[i].StoredSummary;
            text[6][i] = findings;
            exitCodes[i] = report.ExitCode;
        }

        return new VerdictColumns(text, exitCodes);
    }
}
