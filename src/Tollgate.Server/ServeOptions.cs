using Tollgate.Domain.Rules;
using Tollgate.Policies.Loading;

namespace Tollgate.Server;

/// <summary>
/// What <c>tollgate serve</c> is started with: where to listen, the canary specs, the ledger, the approvers' tokens and
/// the policy (no specs directory: a server for approvals, plans, events and gauges, whose canary routes hold), plus the host's composition (the rule catalog the policy may name). Paths resolve against
/// <see cref="WorkingDirectory"/>.
/// </summary>
public sealed record ServeOptions(string Urls, string? SpecsDirectory, string WorkingDirectory, RuleCatalog Rules, PolicyVocabulary Vocabulary)
{
    public string? Ledger { get; init; }

    public string? TokenFile { get; init; }

    /// <summary>
    /// The bearer tokens <c>POST /api/v1/events</c> requires (one <c>NAME TOKEN</c> per line, as <see cref="TokenFile"/>);
    /// without it the route is open, and only a network policy keeps untrusted senders from the ledger's deploys.
    /// </summary>
    public string? EventsTokenFile { get; init; }

    public string? PolicyFile { get; init; }

    /// <summary>
    /// The Rego policies an approval of a plan with <c>"rego": true</c> runs (with conftest or opa), as
    /// <c>tollgate approve PLAN --rego DIR</c> does; without it such an approval is refused.
    /// </summary>
    public string? RegoDirectory { get; init; }

    /// <summary>The largest request body read; a larger one is refused with 413 before it is read.</summary>
    public long MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>
    /// How long the server keeps serving, with <c>/readyz</c> answering 503, between the stop signal and the stop itself,
    /// so a load balancer that polls <c>/readyz</c> takes the replica out before it stops accepting; zero stops at once.
    /// </summary>
    public TimeSpan DrainDelay { get; init; } = DefaultDrainDelay;

    /// <summary>
    /// How long a rollout's yes to an existence question (its errors query's metric has series, they carry a label the
    /// query requires) is kept before a look asks it again; zero asks at every look that needs it.
    /// </summary>
    public TimeSpan ExistenceTtl { get; init; } = DefaultExistenceTtl;

    /// <summary>
    /// How long a controller's request may wait on Prometheus (the Argo Rollouts analysis, the Flagger hooks that judge
    /// or check readiness): every query of one answer, attempts and backoffs included, ends within it, and what is not
    /// answered by then holds. Below the controllers' webhook timeouts, so the answer is the hold, not their timeout.
    /// </summary>
    public TimeSpan AnswerBudget { get; init; } = DefaultAnswerBudget;

    /// <summary>How long a stop waits for requests in flight.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// How long one statement on a PostgreSQL ledger may run when the connection sets no <c>command_timeout</c>: the
    /// server's writes are on the request path, so a lock held by another session fails them instead of hanging the one
    /// writer every verdict waits behind. Not an option users set (their <c>command_timeout=</c> is); small in tests.
    /// </summary>
    internal TimeSpan LedgerStatementLimit { get; init; } = DefaultLedgerStatementLimit;

    /// <summary>
    /// How long opening a PostgreSQL ledger at start waits (its migrations behind another replica's, or behind a lock on
    /// a table) before the server logs what it waits for, and again after each as long. Small in tests.
    /// </summary>
    internal TimeSpan LedgerWaitNote { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The default <see cref="LedgerStatementLimit"/>: 30 s, Npgsql's own default.</summary>
    public static readonly TimeSpan DefaultLedgerStatementLimit = TimeSpan.FromSeconds(30);

    public const long DefaultMaxBodyBytes = 16L << 20;

    public static readonly TimeSpan DefaultDrainDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The default <see cref="ExistenceTtl"/>: a few looks of a rollout (Argo Rollouts' and Flagger's intervals are a
    /// minute or so) share one answer, and a metric no longer exported is noticed within ten minutes of the probes'
    /// own window.
    /// </summary>
    public static readonly TimeSpan DefaultExistenceTtl = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The default <see cref="AnswerBudget"/>: 8s, under the 10s both controllers wait by default (Argo Rollouts' web
    /// metric <c>timeoutSeconds</c>, Flagger's webhook <c>timeout</c>), leaving time to record the verdict and answer.
    /// </summary>
    public static readonly TimeSpan DefaultAnswerBudget = TimeSpan.FromSeconds(8);

    /// <summary>The longest <see cref="AnswerBudget"/>: 5 minutes, more than any webhook timeout worth setting.</summary>
    public static readonly TimeSpan MaxAnswerBudget = TimeSpan.FromMinutes(5);

    /// <summary>The longest <see cref="ExistenceTtl"/>: a day.</summary>
    public static readonly TimeSpan MaxExistenceTtl = TimeSpan.FromDays(1);

    /// <summary>The longest <see cref="DrainDelay"/>: past an hour a pod's grace period, not the delay, decides.</summary>
    public static readonly TimeSpan MaxDrainDelay = TimeSpan.FromHours(1);
}
