using Tollgate.Domain.Findings;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Domain.Reports;

/// <summary>
/// The verdict on one change with its reasons: the JSON core of docs/report-format.md. <see cref="Summary"/> is per kind
/// (a plan counts actions, a canary counts slices); keys keep their insertion order.
/// </summary>
public sealed record Report(
    string Kind,
    string Subject,
    string Digest,
    Verdict Verdict,
    IReadOnlyList<KeyValuePair<string, long>> Summary,
    IReadOnlyList<Finding> Findings)
{
    public ToolInfo Tool { get; init; } = ToolInfo.Current;

    public int ExitCode => Verdict.ExitCode();

    /// <summary>Approvals of this change's digest, read when a finding asks for a review (none counts otherwise).</summary>
    public IReadOnlyList<Approval> Approvals { get; init; } = [];

    /// <summary>
    /// Whether the gate read this digest's approvals: true when a finding asked for a review (only then do approvals
    /// count), false when none did; null when the report did not come through the gate pipeline. Recorded in the ledger,
    /// so <c>tollgate verdicts ID</c> lists approvals only for a verdict that read them. Not in the JSON.
    /// </summary>
    public bool? ApprovalsRead { get; init; }

    /// <summary>
    /// The path approvers' <c>path:</c> globs were matched against (<see cref="Policies.ApproverPath"/>), as the gate
    /// worked it out from its working directory; null when it did not. Recorded in the ledger, so
    /// <c>approve --digest</c> matches what the gate matched. Not in the JSON.
    /// </summary>
    public string? ApprovalPath { get; init; }

    /// <summary>
    /// The digest of the input as the gate read it, before the questions under review were bound into
    /// <see cref="Digest"/> (a Terraform plan's own digest, <c>TerraformPlan.Digest</c>); null for a kind that does not
    /// set it. Recorded in the ledger, so <c>tollgate approve PLAN</c> finds this plan's last gate with one indexed read,
    /// whatever policy, scans or graph findings made its <see cref="Digest"/>. Not in the JSON.
    /// </summary>
    public string? InputDigest { get; init; }

    /// <summary>One line that says why the verdict is what it is.</summary>
    public string Reason { get; init; } = "";

    /// <summary>Kind-specific extra facts (e.g. terraform version), shown in reports after the core.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Facts { get; init; } = [];

    /// <summary>How many of the first <see cref="Facts"/> the text report lists: the kind's figures (0: none). Not in the JSON.</summary>
    public int TextFacts { get; init; }

    /// <summary>What the policy did that a reader must know, e.g. an exception that expired and no longer applies.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>What the gate measured on every thing it judged, flagged or not (at most <see cref="ReportFigure.MaxPerReport"/>).</summary>
    public IReadOnlyList<ReportFigure> Figures { get; init; } = [];

    /// <summary>The summary in the kind's words for people; null when the counts speak for themselves. Not in the JSON.</summary>
    public string? Headline { get; init; }

    /// <summary>
    /// The findings (these very objects, of <see cref="Findings"/>) that keep the verdict from <c>pass</c>: what fails,
    /// and what asks for a review that lacks approvals (<see cref="Gates.Decision.Blocking"/>). A renderer that marks
    /// findings as failures (JUnit) marks these and no others. Not in the JSON.
    /// </summary>
    public IReadOnlySet<Finding> Blocking { get; init; } = System.Collections.Frozen.FrozenSet<Finding>.Empty;

    /// <summary>Rule ids whose findings in this report ask a human for a review, for renderers to show them first. Not in the JSON.</summary>
    public IReadOnlyList<string> ReviewRules { get; init; } = [];
}
