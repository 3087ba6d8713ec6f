using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;

namespace Tollgate.Domain.Gates;

/// <summary>
/// What a gate gathered about one change before any policy: the kind's own findings, the digest approvals bind to,
/// the per-kind summary and facts, and how the kind orders and words its report. <see cref="GatePipeline"/> takes it
/// from here.
/// </summary>
public sealed record Evidence(string Kind, string Subject, string Digest, IReadOnlyList<Finding> Findings)
{
    /// <summary>The registrations of the rules that produced <see cref="Findings"/>: what each does at <c>failOn</c>.</summary>
    public IReadOnlyList<RuleInfo> Rules { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, long>> Summary { get; init; } = [];

    /// <summary>The summary in the kind's words, for people ("3 to create, 1 to destroy, …"); null lists the counts.</summary>
    public string? Headline { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Facts { get; init; } = [];

    /// <summary>The facts are the figures a person reads beside the verdict (agreement per slice, the KPI per slice): the text report lists them.</summary>
    public bool FactsInText { get; init; }

    /// <summary>What a reader must know about the input that is not a finding (e.g. documents that were not manifests).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>What the gate measured on every thing it judged, flagged or not: recorded with the verdict.</summary>
    public IReadOnlyList<Reports.ReportFigure> Figures { get; init; } = [];

    /// <summary>Why the evidence cannot decide yet (nothing to judge, too little data); null when it can.</summary>
    public string? Pending { get; init; }

    /// <summary>
    /// <see cref="Pending"/> once the policy is applied, for a kind whose hold rests on findings a policy may except
    /// (a canary's slice without data): given the findings as applied, why the evidence still cannot decide, or null.
    /// Null uses <see cref="Pending"/> as gathered.
    /// </summary>
    public Func<IReadOnlyList<Finding>, string?>? PendingUnderPolicy { get; init; }

    /// <summary>What the policy adds to <see cref="Findings"/> for this kind (custom rules, scans); null for nothing.</summary>
    public IPolicyRules? PolicyRules { get; init; }

    /// <summary>
    /// The kind's one review-digest function: the digest approvals of these review findings bind to, whole, from the
    /// findings that ask for a review once the policy is applied (not excepted): <see cref="GatePipeline"/> applies the
    /// policy once and hands it what it decided. It binds the exact input and every question under review, custom
    /// rules' (<c>policy/…</c>) too: a plan's <see cref="ReviewQuestions"/> of its graph and scanner findings composed
    /// with <see cref="CustomReviewDigest"/>, a graph's or a manifest lint's <see cref="ReviewQuestions"/> of every
    /// finding. Nothing composes it again. Null binds <see cref="Digest"/> as gathered with the questions custom rules
    /// ask (<see cref="CustomReviewDigest"/>). Read it through <see cref="ReviewDigest"/>.
    /// </summary>
    public Func<IReadOnlyList<Finding>, string>? BindReview { get; init; }

    /// <summary>The digest approvals of these review findings bind to: <see cref="BindReview"/>'s, or <see cref="Digest"/> with the custom rules' questions.</summary>
    public string ReviewDigest(IReadOnlyList<Finding> reviewing) =>
        BindReview is { } bind ? bind(reviewing) : CustomReviewDigest.Of(Digest, reviewing);

    /// <summary>
    /// The path approvers' <c>path:</c> globs are matched against (<see cref="Policies.ApproverPath"/>); null matches
    /// <see cref="Subject"/> as given. <see cref="GatePipeline"/> sets it from the working directory.
    /// </summary>
    public string? ApprovalPath { get; init; }

    public IVerdictWording Wording { get; init; } = new DefaultWording();

    /// <summary>The report's order of findings; null keeps the order they were produced in.</summary>
    public IComparer<Finding>? Order { get; init; }
}
