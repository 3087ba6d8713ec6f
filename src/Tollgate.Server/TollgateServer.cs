using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;
using Tollgate.Policies.Loading;
using Tollgate.Server.Apis;
using Tollgate.Server.Auth;
using Tollgate.Server.Hosting;
using Tollgate.Server.Integrations;
using Tollgate.Server.Json;
using Tollgate.Server.Observability;
using Tollgate.Server.OpenApi;
using Tollgate.Server.Specs;

namespace Tollgate.Server;

/// <summary>
/// <c>tollgate serve</c>: validates its configuration (specs, token file, policy, ledger: any fault is bad input before
/// anything listens), then serves the routes on Kestrel (slim builder, no reflection, so the Native AOT binary serves
/// too). One error boundary maps bad input to ProblemDetails; a stop finishes the requests in flight.
/// </summary>
public sealed class TollgateServer : IAsyncDisposable
{
    /// <summary>The generic host's log category.</summary>
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private readonly WebApplication _app;
    private readonly ServerLedger _ledger;
    private readonly Lazy<Task> _stop;

    private TollgateServer(WebApplication app, ServerState state)
    {
        _app = app;
        _ledger = state.Ledger;
        _stop = new(StopOnceAsync, LazyThreadSafetyMode.ExecutionAndPublication);
        State = state;
    }

    public ServerState State { get; }

    /// <summary>Where it listens (with the port Kestrel chose for <c>:0</c>).</summary>
    public IReadOnlyList<string> Addresses => [.. _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses];

    public static async Task<TollgateServer> StartAsync(ServeOptions options, TimeProvider clock, CancellationToken cancellationToken, Action<ILoggingBuilder>? logging = null)
    {
        ListenUrls.Check(options.Urls);
        RefuseEmptyPaths(options);
        var working = options.WorkingDirectory;
        var specs = options.SpecsDirectory is null ? SpecCatalog.None : SpecCatalog.Load(Path.GetFullPath(options.SpecsDirectory, working), clock, options.ExistenceTtl);
        var tokens = options.TokenFile is null ? BearerTokens.None : BearerTokens.Load(Path.GetFullPath(options.TokenFile, working));
        var eventTokens = options.EventsTokenFile is null ? BearerTokens.None : BearerTokens.Load(Path.GetFullPath(options.EventsTokenFile, working), "--events-token-file");
        var policy = PolicyFile.Load(options.PolicyFile, working, options.Vocabulary);
        CheckRego(options);
        // A start refused from here on (a ledger that cannot be migrated, an address it cannot listen on) leaves no ledger it created behind.
        var created = Ledger.LedgerLocation.AbsentSqlitePath(options.Ledger, working);
        var made = created is null ? null : Domain.Inputs.MissingDirectories.Of(Path.GetDirectoryName(created)!).LastOrDefault();
        ServerLedger ledger;
        try
        {
            // The host's loggers come later: its start-up waits (another replica migrating) go to the same place, through
            // loggers made only when a wait is long enough to be told (a PostgreSQL ledger whose migrations wait).
            var startup = new Lazy<ILoggerFactory>(() => LoggerFactory.Create(log => Logging(log, logging)));
            try
            {
                ledger = await ServerLedger.OpenAsync(options.Ledger, working, clock, options.LedgerStatementLimit,
                    new Ledger.StartupWait(options.LedgerWaitNote, line => DecisionLog.LedgerWaiting(startup.Value.CreateLogger("tollgate.serve"), line)), cancellationToken);
            }
            finally
            {
                if (startup.IsValueCreated)
                {
                    startup.Value.Dispose();
                }
            }
        }
        catch when (created is not null)
        {
            Ledger.NewLedger.Remove(created, made);
            throw;
        }

        try
        {
            ManifestLintCheck.CheckAtStart(specs, new Domain.Gates.GateContext(clock, ledger.Ledger, policy, working));
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = working });
            builder.WebHost.UseUrls(options.Urls);
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            });
            builder.Logging.ClearProviders();
            // The host logs a failed start ("Hosting failed to start") with its stack trace; StartAsync turns that
            // failure into the one line of exit 3 below, and a failed stop throws to the CLI's boundary, so the host's
            // own error lines would only repeat them as a stack trace on standard output.
            builder.Logging.AddFilter(HostCategory, LogLevel.None);
            Logging(builder.Logging, logging);

            builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
            builder.Services.Configure<ConsoleLifetimeOptions>(console => console.SuppressStatusMessages = true);
            builder.Services.ConfigureHttpJsonOptions(json =>
            {
                json.SerializerOptions.TypeInfoResolverChain.Insert(0, ServerJsonContext.Default);

                // Only the OpenAPI document reads these options (the routes read and write JSON themselves): strict
                // numbers make its integers plain integers, not the web defaults' integer-or-numeric-string.
                json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            });
            builder.Services.AddOpenApi(openApi => ApiDocument.Configure(openApi, eventTokens.Enabled));
            var app = builder.Build();
            var state = new ServerState(options, specs, ledger, tokens, policy, clock)
            {
                EventTokens = eventTokens,
                Log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("tollgate.serve"),
            };
            state.Metrics.Watch(ledger);
            app.Lifetime.ApplicationStopping.Register(state.Drain);
            app.Lifetime.ApplicationStopping.Register(() => ledger.Stopping(options.ShutdownTimeout));
            app.Use((http, next) => RequestBoundary.InvokeAsync(http, next, state));
            Map(app, state);
            await WarmUpAsync(state, cancellationToken);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
            {
                await app.DisposeAsync();
                throw new InvalidInputException(ListenUrls.Refusal(options.Urls, e), e);
            }

            var server = new TollgateServer(app, state);
            DecisionLog.Listening(state.Log, string.Join(", ", server.Addresses), specs.Names.Count, ledger.Describe, tokens.Enabled ? "on" : "off (no --token-file)",
                eventTokens.Enabled ? "need a token of --events-token-file" : "open to any caller (no --events-token-file)");
            return server;
        }
        catch
        {
            await ledger.DisposeAsync();
            if (created is not null)
            {
                Ledger.NewLedger.Remove(created, made);
            }

            throw;
        }
    }

    /// <summary>
    /// Before listening: <c>/readyz</c>'s ledger probe (<see cref="ServerLedger.ProbeAsync"/>: the pool's first
    /// connection, the query's first plan) and one report rendered as JSON (the serializer's first use), so the first
    /// request does not pay them within its answer budget. A ledger that does not answer within 2 s is not waited for:
    /// the routes say so when asked.
    /// </summary>
    private static async Task WarmUpAsync(ServerState state, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var ledger = await state.Ledger.ProbeAsync(cancellationToken) is { } reason ? $"not read ({reason})" : "read";
        var json = Domain.Reports.ReportJson.ToUtf8(new Domain.Reports.Report("canary", "warm-up", "sha256:0", Domain.Verdicts.Verdict.Pass, [], []), indented: false);
        DecisionLog.WarmedUp(state.Log, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, ledger, json.Length);
    }

    /// <summary>
    /// A path option given as "" (an unset variable in a pod's args) is exit 3 naming it: resolved against the working
    /// directory, an empty --specs served the YAML files there as canary specs, an empty --rego ran the Rego policies
    /// there, and an empty --token-file was "a directory, not a regular file".
    /// </summary>
    private static void RefuseEmptyPaths(ServeOptions options)
    {
        foreach (var (value, option, fix) in (ReadOnlySpan<(string?, string, string)>)[
            (options.SpecsDirectory, "--specs", "give the directory of canary specs, or leave --specs out (the canary routes then hold)"),
            (options.TokenFile, "--token-file", "give the file of approvers' tokens, or leave --token-file out (approvals over HTTP then answer 401)"),
            (options.EventsTokenFile, "--events-token-file", "give the file of event senders' tokens, or leave --events-token-file out (POST /api/v1/events is then open)"),
            (options.RegoDirectory, "--rego", "give the directory of Rego policies, or leave --rego out")])
        {
            EmptyValue.Refuse(value, option, fix);
        }
    }

    /// <summary><c>--rego DIR</c>: a directory, and conftest or opa to run it, or exit 3 before the server listens.</summary>
    private static void CheckRego(ServeOptions options)
    {
        if (options.RegoDirectory is not { } directory)
        {
            return;
        }

        if (!Directory.Exists(Path.GetFullPath(directory, options.WorkingDirectory)))
        {
            throw new InvalidInputException($"--rego {directory}: {InputFile.NotADirectory(Path.GetFullPath(directory, options.WorkingDirectory))}");
        }

        var rego = Policies.Rego.RegoRunner.FromEnvironment();
        if (rego.Find("conftest") is null && rego.Find("opa") is null)
        {
            throw new InvalidInputException(Policies.Rego.RegoRunner.MissingMessage);
        }
    }

    private static void Map(WebApplication app, ServerState state)
    {
        ArgoRolloutsApi.Map(app, state);
        FlaggerApi.Map(app, state);
        ApprovalsApi.Map(app, state);
        PlansApi.Map(app, state);
        VerdictsApi.Map(app, state);
        EventsApi.Map(app, state);
        HealthApi.Map(app, state);

        // The document is a read like the others: HEAD answers as GET does, without the body (Kestrel sends none).
        app.MapOpenApi().WithMetadata(new HttpMethodMetadata(HealthApi.GetOrHead));
    }

    /// <summary>
    /// Serves until <paramref name="cancellationToken"/> is cancelled (SIGTERM, SIGINT), then drains: <c>/readyz</c>
    /// answers 503 at once while every route goes on serving for <see cref="ServeOptions.DrainDelay"/> (on the server's
    /// clock), so a load balancer polling it has time to take the replica out; then stops accepting and finishes the
    /// requests in flight within <see cref="ServeOptions.ShutdownTimeout"/>.
    /// </summary>
    public async Task RunUntilAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        await DrainAsync();
        await StopAsync();
    }

    /// <summary>Marks the server draining and waits <see cref="ServeOptions.DrainDelay"/> while it still serves.</summary>
    public async Task DrainAsync()
    {
        State.Drain();
        var delay = State.Options.DrainDelay;
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        DecisionLog.Draining(State.Log, Canary.Spec.PromDuration.Format(delay));
        await Task.Delay(delay, State.Clock);
    }

    /// <summary>
    /// Stops accepting, finishes the requests in flight within <see cref="ServeOptions.ShutdownTimeout"/>, then waits
    /// for the verdicts' writes their answers did not wait for until three quarters of that grace after the stop began
    /// (the ledger's writes still under way are cut at half: <see cref="ServerLedger.Stopping"/>), so each one's
    /// <c>recorded late</c> or <c>not recorded late</c> line, with its report, is logged before the process ends
    /// (<see cref="LateRecords"/>).
    /// </summary>
    /// <remarks>
    /// One stop, shared: every caller (the run's end, a dispose that overlaps it) awaits the same one to its end, so
    /// nothing is closed under a stop still under way.
    /// </remarks>
    public Task StopAsync() => _stop.Value;

    private async Task StopOnceAsync()
    {
        var grace = State.Options.ShutdownTimeout;
        var started = State.Clock.GetTimestamp();
        using (var stopping = new CancellationTokenSource(grace))
        {
            await _app.StopAsync(stopping.Token);
        }

        var left = grace * 3 / 4 - State.Clock.GetElapsedTime(started);
        await State.LateRecords.SettleAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, State.Clock);
    }

    /// <summary>The ledger is closed before the log: a late write that lands while its writer ends still logs its line.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        State.Http.Dispose();
        await _ledger.DisposeAsync();
        await State.LateRecords.ClosedAsync(State.Clock);
        await _app.DisposeAsync();
    }

    /// <summary>JSON lines on standard output, written in batches (LineSink): a decision's line costs no write of its own; or the caller's <paramref name="logging"/>.</summary>
    private static void Logging(ILoggingBuilder builder, Action<ILoggingBuilder>? logging)
    {
        if (logging is null)
        {
            builder.Services.AddSingleton<ILoggerProvider>(_ => new JsonLineLoggerProvider(Console.OpenStandardOutput()));
            builder.AddFilter("Microsoft", LogLevel.Warning);
        }
        else
        {
            logging(builder);
        }
    }
}
