using Microsoft.Extensions.Logging;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Server.Auth;
using Tollgate.Server.Integrations;
using Tollgate.Server.Observability;
using Tollgate.Server.Specs;

namespace Tollgate.Server.Hosting;

/// <summary>What every route shares, built once at start from validated configuration.</summary>
public sealed class ServerState(ServeOptions options, SpecCatalog specs, ServerLedger ledger, BearerTokens tokens, Policy policy, TimeProvider clock)
{
    public ServeOptions Options => options;

    public SpecCatalog Specs => specs;

    public ServerLedger Ledger => ledger;

    /// <summary>The approvers' tokens (<c>--token-file</c>).</summary>
    public BearerTokens Tokens => tokens;

    /// <summary>The event senders' tokens (<c>--events-token-file</c>); <see cref="BearerTokens.None"/>: events need none.</summary>
    public BearerTokens EventTokens { get; init; } = BearerTokens.None;

    public Policy Policy => policy;

    public TimeProvider Clock => clock;

    public ServerMetrics Metrics { get; } = new();

    /// <summary>The models' latest drift, skew and trend figures from the ledger, for <c>/metrics</c>.</summary>
    public ModelGauges ModelGauges { get; } = new(ledger, clock);

    /// <summary>Prometheus is asked through one client; each request carries its own timeout.</summary>
    public HttpClient Http { get; } = new() { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The verdicts' writes the answers did not wait for, which a stop waits for (bounded).</summary>
    internal LateRecords LateRecords { get; } = new();

    private IReadOnlyList<IPreRolloutCheck>? _preRolloutChecks;

    /// <summary>What Flagger's <c>pre-rollout</c> hook checks, in order; the first that refuses decides.</summary>
    public IReadOnlyList<IPreRolloutCheck> PreRolloutChecks
    {
        get => _preRolloutChecks ??= [new PrometheusReadiness(Http, clock, options.AnswerBudget), new ManifestLintCheck(token => Context(options.WorkingDirectory, token), Metrics)];
        init => _preRolloutChecks = value;
    }

    private volatile bool _draining;

    /// <summary>
    /// True once the server began to stop: <c>/readyz</c> answers 503 while the requests in flight finish, so a load
    /// balancer that still asks takes the replica out rather than send it more.
    /// </summary>
    public bool Draining => _draining;

    /// <summary>Marks the server as stopping (the host's <c>ApplicationStopping</c>); there is no way back.</summary>
    public void Drain() => _draining = true;

    public ILogger Log { get; init; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>A gate's view of the server for one request: the shared ledger and policy, the request's cancellation.</summary>
    public GateContext Context(string workingDirectory, CancellationToken cancellationToken) =>
        new(clock, ledger.Ledger, policy, workingDirectory) { Cancellation = cancellationToken };
}
