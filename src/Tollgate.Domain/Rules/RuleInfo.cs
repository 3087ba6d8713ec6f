using Tollgate.Domain.Findings;

namespace Tollgate.Domain.Rules;

/// <summary>
/// What a rule declares about itself, in one place: its stable id (users suppress and filter by it), its default
/// severity, one line saying what it catches, and what a finding at or above the policy's <c>failOn</c> does. The
/// policy loader's known ids, the SARIF rule metadata and <c>docs/rules.md</c> are all read from these.
/// </summary>
public sealed record RuleInfo(string Id, Severity DefaultSeverity, string Description)
{
    /// <summary>The pillar the rule belongs to, as <c>docs/rules.md</c> groups it (e.g. "Terraform plan").</summary>
    public string Pillar { get; init; } = "";

    /// <summary>
    /// <see cref="RuleOutcome.Fail"/> (the default): a finding at or above <c>failOn</c> fails the gate.
    /// <see cref="RuleOutcome.Review"/>: it asks a human instead (a limit was exceeded, not a rule broken).
    /// </summary>
    public RuleOutcome AtFailOn { get; init; } = RuleOutcome.Fail;

    /// <summary>
    /// The report kind whose gate asks the question this rule answers (<c>terraform-state-split</c> for
    /// <c>state-split</c>), or null. In a report of that kind every finding of the rule asks for a review, as if the
    /// policy's <c>reviewOn</c> named it (<see cref="Policies.Policy.For(string, IEnumerable{RuleInfo})"/>): the gate
    /// decides so, and an approval of the recorded report by its digest names the same findings.
    /// </summary>
    public string? ReviewedIn { get; init; }

    /// <summary>
    /// True when a finding of the rule is how a change went once it ran, not a question about it: a canary's
    /// <c>slo</c> and <c>relative</c> checks, a model's <c>kpi-regression</c>, a deploy's <c>deploy-failed</c> and
    /// <c>watch-window</c>. No approval can settle a measured outcome (a regressed canary rolls back, a failed deploy has
    /// already been rolled back), so <c>reviewOn</c> never asks about one: the loader refuses the id in <c>reviewOn</c>,
    /// and a glob there (<c>"*"</c>) passes it by (<see cref="Gates.VerdictDecision.AsksForReview"/>).
    /// </summary>
    public bool IsOutcome { get; init; }

    /// <summary>
    /// The numeric keys of the rule's <c>rules:</c> entry (besides <c>enabled</c> and <c>severity</c>) that it reads
    /// with <see cref="Policies.Policy.Threshold(RuleInfo, string, double)"/>. The policy loader refuses any other key,
    /// and reading an undeclared one is a bug that throws, so a new threshold cannot be read without being declared here.
    /// </summary>
    public IReadOnlyList<string> Thresholds { get; init; } = [];

    /// <summary>
    /// Those of <see cref="Thresholds"/> that count things and so must be whole numbers of at least a bound (a fan-out of
    /// 0 would make every node a hub); the loader refuses other values of them in their command-line options' words.
    /// The rest need only be non-negative numbers.
    /// </summary>
    public IReadOnlyList<WholeThreshold> WholeThresholds { get; init; } = [];

    /// <summary>Where the rule is documented: its row in <c>docs/rules.md</c>.</summary>
    public Uri Help => new($"{DocsRoot}/rules.md#{Id.Replace('/', '-')}");

    public const string DocsRoot = "https://github.com/tollgate-dev/tollgate/blob/main/docs";
}
