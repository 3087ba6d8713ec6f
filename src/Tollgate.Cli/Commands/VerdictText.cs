using System.Globalization;
using System.Text;
using System.Text.Json;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Ledger;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Verdicts;

namespace Tollgate.Cli.Commands;

/// <summary>Recorded verdicts for people: a page of them one per entry (its reason beneath), or one with its findings.</summary>
public static class VerdictText
{
    /// <summary>The first <paramref name="limit"/> of <paramref name="rows"/>, and how to ask for the next page when there is one.</summary>
    public static string Page(IReadOnlyList<LedgerEntry> rows, int limit)
    {
        if (rows.Count == 0)
        {
            return "no verdict recorded matches\n";
        }

        var shown = rows.Take(limit).ToList();
        var kindWidth = Math.Max(4, shown.Max(r => r.Kind.Length));
        var idWidth = Math.Max(2, shown.Max(r => r.Id.ToString(CultureInfo.InvariantCulture).Length));
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"id".PadLeft(idWidth)}  {"recorded (UTC)",-20}  {"verdict",-7}  {"kind".PadRight(kindWidth)}  subject\n");
        foreach (var row in shown)
        {
            text.Append(CultureInfo.InvariantCulture, $"{row.Id.ToString(CultureInfo.InvariantCulture).PadLeft(idWidth)}  {Time(row.RecordedAt),-20}  {row.Verdict,-7}  {row.Kind.PadRight(kindWidth)}  {TextSafe.Line(row.Subject)}\n");
            if (row.Reason.Length > 0)
            {
                text.Append(' ', idWidth + 2).Append(TextSafe.Line(row.Reason)).Append('\n');
            }
        }

        if (VerdictJson.Next(rows, limit) is { } next)
        {
            text.Append(CultureInfo.InvariantCulture, $"more: add --cursor {next} for the next page\n");
        }

        return text.ToString();
    }

    /// <summary>One verdict: what it judged, how, who approved its digest by then, and every finding it recorded.</summary>
    public static string One(LedgerEntry entry, IReadOnlyList<Approval> approvals)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"verdict {entry.Id}: {entry.Verdict} (exit {entry.ExitCode}), recorded {Domain.Rfc3339.Format(entry.RecordedAt)}\n");
        text.Append(CultureInfo.InvariantCulture, $"  kind     {entry.Kind}\n");
        text.Append(CultureInfo.InvariantCulture, $"  subject  {TextSafe.Line(entry.Subject)}\n");
        text.Append(CultureInfo.InvariantCulture, $"  digest   {entry.Digest}\n");
        if (entry.Reason.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"  reason   {TextSafe.Line(entry.Reason)}\n");
        }

        if (Summary(entry.Summary) is { Length: > 0 } summary)
        {
            text.Append(CultureInfo.InvariantCulture, $"  summary  {summary}\n");
        }

        if (Read(entry) is { } read)
        {
            text.Append("  ").Append(read).Append('\n');
        }

        foreach (var approval in approvals)
        {
            text.Append(CultureInfo.InvariantCulture, $"  approved by {TextSafe.Line(approval.By)} at {Domain.Rfc3339.Format(approval.At)}: {TextSafe.Line(approval.Reason)}\n");
        }

        var findings = FindingsJson.Read(entry.Findings);
        text.Append(CultureInfo.InvariantCulture, $"  {Counted.Of(findings.Count, "finding")}\n");
        foreach (var f in findings.OrderByDescending(f => f.Severity))
        {
            var excepted = f.Suppression is { } s ? $"  (excepted: {TextSafe.Line(s.Reason)})" : "";
            text.Append(CultureInfo.InvariantCulture, $"    {f.Severity.WireName(),-8}  {f.Rule}  {TextSafe.Line(f.Message)}{excepted}\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// What the gate read of approvals, one line: whether it read them and the path approvers' <c>path:</c> globs
    /// were matched against; null for a verdict recorded before the ledger kept either (migration 0014).
    /// </summary>
    private static string? Read(LedgerEntry entry)
    {
        var read = entry.ApprovalsRead switch
        {
            true => "approvals read (a finding asked for a review)",
            false => "approvals not read (no finding asked for a review)",
            null => null,
        };
        var path = entry.ApprovalPath is { } p ? $"approvers matched on path {TextSafe.Line(p)}" : null;
        return read is null && path is null ? null : string.Join("; ", new[] { read, path }.OfType<string>());
    }

    private static string Summary(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind != JsonValueKind.Object ? ""
            : string.Join(", ", document.RootElement.EnumerateObject().Select(p => $"{p.Name} {p.Value.GetRawText()}"));
    }

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
