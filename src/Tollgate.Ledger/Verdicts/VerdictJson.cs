using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tollgate.Domain.Ledger;
using Tollgate.Domain.Reports;

namespace Tollgate.Ledger.Verdicts;

/// <summary>
/// Recorded verdicts as JSON, one shape for <c>GET /api/v1/verdicts</c> and <c>tollgate verdicts</c>: a page is
/// <c>{"items": [...], "next": cursor or null}</c>, an entry its id, time, kind, subject, digest, verdict, exit code,
/// reason and summary, and with <c>findings</c> and <c>approvals</c> (those of its digest recorded by the time it was, the
/// report's own <c>approvals</c>, written by the report's writer: <see cref="ReportJson.WriteApprovals"/>),
/// <c>approvalsRead</c> and <c>approverPath</c> when one entry is asked for. The server answers it compact, as it always has; the command line indents it for people
/// (<c>indented</c>).
/// </summary>
public static class VerdictJson
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Indented = Compact with { Indented = true };

    /// <summary>
    /// The first <paramref name="limit"/> of <paramref name="rows"/> (read with one more than the limit, so that a further
    /// page is known) and the cursor of the next page.
    /// </summary>
    public static byte[] Page(IReadOnlyList<LedgerEntry> rows, int limit, bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, indented ? Indented : Compact))
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            foreach (var entry in rows.Take(limit))
            {
                Write(w, entry, findings: false, approvals: []);
            }

            w.WriteEndArray();
            if (Next(rows, limit) is { } next)
            {
                w.WriteString("next", next.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                w.WriteNull("next");
            }

            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>One entry with its findings and the approvals of its digest it was judged with (<see cref="ApprovedBy"/>).</summary>
    public static byte[] Entry(LedgerEntry entry, IReadOnlyList<Approval> approvals, bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, indented ? Indented : Compact))
        {
            Write(w, entry, findings: true, approvals);
        }

        return buffer.ToArray();
    }

    /// <summary>The cursor of the page after the first <paramref name="limit"/> rows, or null when there is none.</summary>
    public static long? Next(IReadOnlyList<LedgerEntry> rows, int limit) => rows.Count > limit ? rows[limit - 1].Id : null;

    /// <summary>
    /// Of the approvals of <paramref name="entry"/>'s digest (oldest first), those recorded by the time the verdict was:
    /// the ones its gate read. A later approval belongs to a later verdict of the same digest. None when the gate
    /// recorded that it read none (no finding asked for a review, so no approval counted); a verdict recorded before the
    /// ledger kept that (<see cref="LedgerEntry.ApprovalsRead"/> null) is read as having read them.
    /// </summary>
    public static IReadOnlyList<Approval> ApprovedBy(LedgerEntry entry, IReadOnlyList<Approval> ofDigest) =>
        entry.ApprovalsRead is false ? [] : [.. ofDigest.Where(a => a.At <= entry.RecordedAt)];

    private static void Write(Utf8JsonWriter w, LedgerEntry entry, bool findings, IReadOnlyList<Approval> approvals)
    {
        w.WriteStartObject();
        w.WriteNumber("id", entry.Id);
        // One shape whatever the engine (PostgreSQL keeps microseconds, SQLite the text it wrote): as a report writes an approval's "at".
        w.WriteString("recordedAt", entry.RecordedAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteString("kind", entry.Kind);
        w.WriteString("subject", entry.Subject);
        w.WriteString("digest", entry.Digest);
        w.WriteString("verdict", entry.Verdict);
        w.WriteNumber("exitCode", entry.ExitCode);
        w.WriteString("reason", entry.Reason);
        w.WritePropertyName("summary");
        WriteStored(w, entry.Summary);
        if (findings)
        {
            w.WritePropertyName("findings");
            WriteStored(w, entry.Findings);
            ReportJson.WriteApprovals(w, approvals);
            WriteRead(w, entry);
        }

        w.WriteEndObject();
    }

    /// <summary>
    /// What the gate read of approvals: <c>approvalsRead</c> (whether it read the digest's approvals: a finding asked for a
    /// review) and <c>approverPath</c> (the path approvers' <c>path:</c> globs were matched against); both <c>null</c> on a
    /// verdict recorded before the ledger kept them (migration 0014).
    /// </summary>
    private static void WriteRead(Utf8JsonWriter w, LedgerEntry entry)
    {
        if (entry.ApprovalsRead is { } read)
        {
            w.WriteBoolean("approvalsRead", read);
        }
        else
        {
            w.WriteNull("approvalsRead");
        }

        if (entry.ApprovalPath is { } path)
        {
            w.WriteString("approverPath", path);
        }
        else
        {
            w.WriteNull("approverPath");
        }
    }

    /// <summary>JSON as the ledger stored it (compact), laid out as the rest of the document when that is indented.</summary>
    private static void WriteStored(Utf8JsonWriter w, string json)
    {
        if (w.Options.Indented)
        {
            using var stored = JsonDocument.Parse(json);
            stored.WriteTo(w);
        }
        else
        {
            w.WriteRawValue(json);
        }
    }
}
