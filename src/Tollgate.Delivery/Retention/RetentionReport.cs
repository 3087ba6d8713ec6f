using System.Text;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Delivery.Retention;

/// <summary>The retention plan as the shared report (kind <c>retention</c>), and the text people read.</summary>
public static class RetentionReport
{
    public static Report Build(RetentionPlan plan, string subject, bool applied)
    {
        var refused = plan.Findings.Count > 0;
        var deleteCount = plan.Deletions.Sum(d => d.Tags.Count);
        var reason = refused
            ? (applied ? "refused: " : "") + plan.Findings[0].Message + (plan.Findings.Count > 1 ? $" (and {plan.Findings.Count - 1} more)" : "")
            : applied
                ? $"deleted {plan.Deletions.Count} manifest(s), {deleteCount} tag(s); kept {plan.Kept.Count}"
                : $"would delete {plan.Deletions.Count} manifest(s), {deleteCount} tag(s); keeps {plan.Kept.Count}";
        return new Report("retention", subject, Digest(plan), refused ? Verdict.Fail : Verdict.Pass,
            [new("tags", plan.Kept.Count + deleteCount), new("keep", plan.Kept.Count), new("delete", refused ? 0 : deleteCount), new("floor", plan.Floor.Count)],
            plan.Findings)
        {
            Reason = reason,
            Facts =
            [
                new("service", plan.Service),
                new("floor", string.Join(", ", plan.Floor.Select(f => $"{f.Environment} {f.Role} {f.Version}{(f.InRegistry ? "" : " (missing)")}"))),
                new("kept", string.Join(", ", plan.Kept.Select(k => k.Artifact.Tag))),
                new(applied && !refused ? "deleted" : "delete", refused ? "" : string.Join(", ", plan.Deletions.SelectMany(d => d.Tags))),
            ],
        };
    }

    public static string Text(RetentionPlan plan, Report report, bool applied)
    {
        var text = new StringBuilder();
        text.Append($"{report.Verdict.WireName().ToUpperInvariant()}: {report.Subject}: {report.Reason}\n");
        foreach (var finding in plan.Findings)
        {
            text.Append($"  ! {finding.Rule}: {finding.Message}\n");
        }

        text.Append("\nkeep:\n");
        foreach (var kept in plan.Kept.OrderBy(k => k.Artifact.Tag, StringComparer.Ordinal))
        {
            text.Append($"  {kept.Artifact.Tag,-24} {Short(kept.Artifact.Digest)}  {string.Join("; ", kept.Reasons)}\n");
        }

        text.Append(plan.Findings.Count > 0 ? "\nnot deleted (refused):\n" : applied ? "\ndeleted:\n" : "\ndelete:\n");
        foreach (var deletion in plan.Deletions)
        {
            text.Append($"  {string.Join(", ", deletion.Tags),-24} {Short(deletion.Digest)}\n");
        }

        return text.ToString();
    }

    /// <summary>The SHA-256 of what the plan keeps and deletes (tag, digest, decision): the same plan has the same digest.</summary>
    public static string Digest(RetentionPlan plan)
    {
        var lines = plan.Kept.Select(k => $"keep {k.Artifact.Tag} {k.Artifact.Digest}")
            .Concat(plan.Deletions.SelectMany(d => d.Tags.Select(t => $"delete {t} {d.Digest}")))
            .Order(StringComparer.Ordinal);
        return "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", lines))));
    }

    private static string Short(string digest) => digest.Length > 19 ? digest[..19] : digest;
}
