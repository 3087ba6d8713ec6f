using System.Text;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Delivery.Retention;

/// <summary>The retention plan as evidence for the shared report (kind <c>retention</c>), and the text people read.</summary>
public static class RetentionReport
{
    /// <summary>The report kind a retention run records.</summary>
    public const string Kind = "retention";

    /// <summary>The finding of an apply the registry stopped after some deletes: what was deleted cannot be undone.</summary>
    public const string IncompleteRule = "retention-incomplete";

    /// <summary>
    /// The plan as evidence for <see cref="Domain.Gates.GatePipeline"/>. <paramref name="refused"/> is the pipeline's
    /// own answer for this plan (its floor findings after the policy): a refused plan deletes nothing.
    /// </summary>
    public static Evidence Evidence(RetentionPlan plan, string subject, bool applied, bool refused)
    {
        var deleteCount = plan.Deletions.Sum(d => d.Tags.Count);
        var done = applied
            ? $"deleted {Counted.Of(plan.Deletions.Count, "manifest")}, {Counted.Of(deleteCount, "tag")}; kept {plan.Kept.Count}"
            : $"would delete {Counted.Of(plan.Deletions.Count, "manifest")}, {Counted.Of(deleteCount, "tag")}; keeps {plan.Kept.Count}";
        return new Evidence(Kind, subject, Digest(plan), plan.Findings)
        {
            Rules = DeliveryRules.Registrations,
            Summary = Summary(plan, refused),
            Facts = Facts(plan, applied, refused),
            Wording = new RetentionWording(applied, done),
        };
    }

    /// <summary>The counts; a refused plan deletes nothing.</summary>
    public static IReadOnlyList<KeyValuePair<string, long>> Summary(RetentionPlan plan, bool refused)
    {
        var deleteCount = plan.Deletions.Sum(d => d.Tags.Count);
        return [new("tags", plan.Kept.Count + deleteCount), new("keep", plan.Kept.Count), new("delete", refused ? 0 : deleteCount), new("floor", plan.Floor.Count)];
    }

    public static IReadOnlyList<KeyValuePair<string, string>> Facts(RetentionPlan plan, bool applied, bool refused) =>
    [
        new("service", plan.Service),
        new("floor", string.Join(", ", plan.Floor.Select(f => $"{f.Environment} {f.Role} {f.Version}{(f.InRegistry ? "" : " (missing)")}"))),
        new("kept", string.Join(", ", plan.Kept.Select(k => k.Artifact.Tag))),
        new(applied && !refused ? "deleted" : "delete", refused ? "" : string.Join(", ", plan.Deletions.SelectMany(d => d.Tags))),
    ];

    /// <summary>
    /// An apply the registry stopped midway (a delete refused, the connection lost): a failed apply (<c>fail</c>, exit 1),
    /// never the plan's <c>pass</c>. The deletions made are facts (<c>deleted</c>, the summary's <c>delete</c>), what was
    /// left is <c>not deleted</c>, and the reason says where and why it stopped.
    /// </summary>
    public static Report Stopped(Report judged, RetentionPlan made, string error)
    {
        var planned = made.Deletions.Count + made.NotDeleted.Count;
        var deleted = string.Join(", ", made.Deletions.SelectMany(d => d.Tags));
        var left = string.Join(", ", made.NotDeleted.SelectMany(d => d.Tags));
        var stopped = $"stopped after deleting {Counted.Of(made.Deletions.Count, "manifest")} of {planned} ({deleted}), "
            + $"{made.NotDeleted.Count} not deleted ({left}): {error}";
        var finding = new Finding(IncompleteRule, Severity.High, judged.Subject, $"the apply {stopped}")
        {
            Suggestion = "run retention apply again to delete the rest (the floor is planned anew from the registry as it now is)",
            Evidence = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["deleted"] = made.Deletions.SelectMany(d => d.Tags).ToArray(),
                ["notDeleted"] = made.NotDeleted.SelectMany(d => d.Tags).ToArray(),
                ["error"] = error,
            },
        };
        return judged with
        {
            Verdict = Verdict.Fail,
            Findings = [.. judged.Findings, finding],
            Blocking = new HashSet<Finding>([finding], ReferenceEqualityComparer.Instance),
            Summary = Summary(made, refused: false),
            Facts = [.. Facts(made, applied: true, refused: false), new("not deleted", left)],
            Reason = $"the apply failed: {stopped}; run retention apply again to delete the rest",
        };
    }

    /// <summary>A refusal names the first floor finding that stands; otherwise what was (or would be) deleted.</summary>
    private sealed class RetentionWording(bool applied, string done) : IVerdictWording
    {
        public string Reason(Decision decision) => decision.Cause switch
        {
            DecisionCause.Failing => (applied ? "refused: " : "") + decision.Deciding[0].Message + (decision.Deciding.Count > 1 ? $" (and {decision.Deciding.Count - 1} more)" : ""),
            DecisionCause.Clear or DecisionCause.Approved => decision.Excepted > 0 ? $"{done} ({Counted.Of(decision.Excepted, "floor finding")} excepted by policy)" : done,
            _ => new DefaultWording().Reason(decision),
        };
    }

    /// <summary>
    /// The plan as people read it. What the registry and the ledger said (tags, digests, environments and versions in
    /// the reasons and findings) is shown with its control characters escaped (<see cref="TextSafe"/>): a newline in a
    /// tag cannot forge a row, an escape sequence cannot recolour the terminal.
    /// </summary>
    public static string Text(RetentionPlan plan, Report report, bool applied)
    {
        var text = new StringBuilder();
        text.Append($"{report.Verdict.WireName().ToUpperInvariant()}: {TextSafe.Line(report.Subject)}: {TextSafe.Line(report.Reason)}\n");
        foreach (var finding in report.Findings.Where(f => f.Suppression is null))
        {
            text.Append($"  ! {finding.Rule}: {TextSafe.Line(finding.Message)}\n");
        }

        text.Append("\nkeep (newest first):\n");
        foreach (var kept in plan.Kept)
        {
            text.Append($"  {TextSafe.Line(kept.Artifact.Tag),-24} {TextSafe.Line(Short(kept.Artifact.Digest))}  {TextSafe.Line(string.Join("; ", kept.Reasons))}\n");
        }

        var stopped = plan.NotDeleted.Count > 0;
        text.Append(report.Verdict != Verdict.Pass && !stopped ? "\nnot deleted (refused, newest first):\n" : applied ? "\ndeleted (newest first):\n" : "\ndelete (newest first):\n");
        Deletions(text, plan.Deletions);
        if (stopped)
        {
            text.Append("\nnot deleted (the apply stopped, newest first):\n");
            Deletions(text, plan.NotDeleted);
        }

        return text.ToString();
    }

    private static void Deletions(StringBuilder text, IReadOnlyList<Deletion> deletions)
    {
        foreach (var deletion in deletions)
        {
            text.Append($"  {TextSafe.Line(string.Join(", ", deletion.Tags)),-24} {TextSafe.Line(Short(deletion.Digest))}\n");
        }
    }

    /// <summary>The SHA-256 of what the plan keeps and deletes (tag, digest, decision): the same plan has the same digest.</summary>
    public static string Digest(RetentionPlan plan)
    {
        var lines = plan.Kept.Select(k => $"keep {k.Artifact.Tag} {k.Artifact.Digest}")
            .Concat(plan.Deletions.SelectMany(d => d.Tags.Select(t => $"delete {t} {d.Digest}")))
            .Order(StringComparer.Ordinal);
        return Domain.Reports.ReportDigest.Of(lines);
    }

    private static string Short(string digest) => digest.Length > 19 ? digest[..19] : digest;
}
