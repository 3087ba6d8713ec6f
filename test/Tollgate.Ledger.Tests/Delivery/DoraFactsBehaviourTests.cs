using Tollgate.Domain;
using CsCheck;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;
using Tollgate.Domain.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Ledger.Tests.Delivery;

/// <summary>
/// The fast DORA path (deploy days kept at ingest + sparse deploys) gives exactly the numbers of
/// <see cref="DoraCalculator"/> over the full history, on random histories, in every dialect.
/// </summary>
public abstract partial class DoraFactsBehaviourTests
{
    private static readonly DateTimeOffset Base = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Services = ["api", "web"];
    private static readonly string[] Environments = ["production", "staging"];
    private static readonly string[] IncidentServices = ["api", "web", ""];
    private static readonly DeployWatch[] Watches = [DeployWatch.Watching, DeployWatch.Watching, DeployWatch.Passed, DeployWatch.Held, DeployWatch.Failed];

    private static readonly DoraDefinitions[] Definitions =
    [
        DoraDefinitions.Recommended,
        DoraDefinitions.DevLake,
        DoraDefinitions.FourKeys,
        DoraDefinitions.Recommended with { ExcludeRemediationFromFailureRate = true, Median = MedianKind.Mean },
        DoraDefinitions.DevLake with { IncidentLinkWindow = TimeSpan.FromHours(1), Recovery = RecoveryClock.IncidentDuration },
    ];

    /// <summary>One step of a history: (kind, key, minute, span, variant), decoded by <see cref="Apply"/>.</summary>
    private static readonly Gen<(int Kind, int Key, int Minute, int Span, int Variant)[]> History =
        Gen.Select(Gen.Int[0, 10], Gen.Int[0, 11], Gen.Int[0, 6000], Gen.Int[0, 600], Gen.Int[0, 1000]).Array[4, 40];

    /// <summary>The report window: start hour, length in hours, aligned to a UTC day or not.</summary>
    private static readonly Gen<(int Start, int Hours, bool Midnight)> Window = Gen.Select(Gen.Int[0, 96], Gen.Int[1, 130], Gen.Bool);

    protected abstract Task<string> ConnectionAsync();

    protected virtual int Iterations => 120;

    private async Task<(ILedger Ledger, IDeliveryStore Store)> OpenAsync()
    {
        var ledger = await LedgerLocation.OpenAsync(await ConnectionAsync(), Path.GetTempPath(), TimeProvider.System);
        return (ledger, DeliveryStore.Of(ledger));
    }

    [Fact]
    public async Task DoraFactsAsync_RandomHistories_SameNumbersAsTheFullHistory()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        var iteration = 0;

        // One ledger for all samples: each adds its own ids to the services' shared history, so later samples also
        // check histories that grew by many unordered batches.
        await Gen.Select(History, Window).SampleAsync(async (steps, window) =>
        {
            await ApplyAsync(store, steps, $"{iteration++}-");
            var from = Base.AddHours(window.Start);
            var dora = new DoraWindow(window.Midnight ? from.Date : from, from.AddHours(window.Hours));
            await ShouldMatchAsync(store, dora);
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public async Task DoraFactsAsync_DaysDroppedAndListedAgain_RebuildsThemAsMigration0006Does()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        await ApplyAsync(store, [.. Enumerable.Range(0, 60).Select(i => (i % 8, i % 12, i * 97 % 6000, i * 31 % 600, i * 53))], "m-");
        var window = new DoraWindow(Base, Base.AddDays(5));
        var before = Describe(DoraCalculator.Compute(await store.DoraFactsAsync(null, window), window, null, DoraDefinitions.Recommended));

        await ForgetDaysAsync(ledger);
        var after = DoraCalculator.Compute(await store.DoraFactsAsync(null, window), window, null, DoraDefinitions.Recommended);

        after.Overall.Deployments.ShouldBeGreaterThan(0);
        Describe(after).ShouldBe(before);
    }

    [Fact]
    public async Task DoraFactsAsync_WatchStoppedThenResumed_LeftOutOfFailureRateUntilItsVerdict()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        var window = await RecordStoppedWatchAsync(store);

        var stopped = await MeasureAsync(store, window);
        await store.RecordAsync([new DeployWatchEvent("w-2-passed", "tollgate.deploy.watch", "w-d2", DeployWatch.Passed, Base.AddHours(3))]);
        var resumed = await MeasureAsync(store, window);

        (stopped.Deployments, stopped.Unwatched, stopped.FailedDeployments).ShouldBe((3, 1, 1));
        stopped.ChangeFailureRate.ShouldBe(0.5, "one failed of the two judged; was 1/3 with the stopped watch's deploy as a good one");
        (resumed.Deployments, resumed.Unwatched, resumed.FailedDeployments).ShouldBe((3, 0, 1));
        resumed.ChangeFailureRate!.Value.ShouldBe(1.0 / 3, 1e-12);
        await ShouldMatchAsync(store, window);
    }

    [Fact]
    public async Task DoraFactsAsync_LedgerFromBeforeStep0013_CountsItsStoppedWatchesOnceUpgraded()
    {
        DoraWindow window;
        {
            var (ledger, store) = await OpenAsync();
            await using var _ = ledger;
            window = await RecordStoppedWatchAsync(store);
            await ExecuteAsync(ledger, LedgerRewind.Before(ledger is SqliteLedger ? "Sqlite" : "Postgres", "deploys_watching")); // as 0012 left it
        }

        var (upgraded, upgradedStore) = await OpenAsync();
        await using var __ = upgraded;

        var dora = await MeasureAsync(upgradedStore, window);

        (dora.Deployments, dora.Unwatched, dora.FailedDeployments).ShouldBe((3, 1, 1));
        await ShouldMatchAsync(upgradedStore, window);
    }

    /// <summary>
    /// Three deploys of api to production: w-d1 watched and passed, w-d2 a success whose watch was stopped before a
    /// verdict (<c>watching</c>), w-d3 failed by its watch. The window holds them.
    /// </summary>
    private static async Task<DoraWindow> RecordStoppedWatchAsync(IDeliveryStore store)
    {
        Deploy Api(int n, DeployResult result) => new($"w-d{n}", "api", "production", $"w{n}", DeployIntent.Planned, Base.AddHours(n))
        {
            FinishedAt = Base.AddHours(n).AddMinutes(5),
            Result = result,
            Changes = [new Change($"w-c{n}", Base.AddHours(n - 1))],
            Source = "test",
        };
        await store.RecordAsync(
        [
            new DeployEvent("w-1", "deployed", Api(1, DeployResult.Success)),
            new DeployWatchEvent("w-1-passed", "tollgate.deploy.watch", "w-d1", DeployWatch.Passed, Base.AddHours(1.5)),
            new DeployEvent("w-2", "deployed", Api(2, DeployResult.Success)),
            new DeployWatchEvent("w-2-watching", "tollgate.deploy.watch", "w-d2", DeployWatch.Watching, Base.AddHours(2)),
            new DeployEvent("w-3", "deployed", Api(3, DeployResult.Failed)),
            new DeployWatchEvent("w-3-failed", "tollgate.deploy.watch", "w-d3", DeployWatch.Failed, Base.AddHours(3.5)),
        ]);
        return new DoraWindow(Base, Base.AddDays(1));
    }

    private static async Task<ServiceDora> MeasureAsync(IDeliveryStore store, DoraWindow window) =>
        DoraCalculator.Compute(await store.DoraFactsAsync("api", window), window, "production", DoraDefinitions.Recommended).Services.ShouldHaveSingleItem();

    /// <summary>Runs <paramref name="sql"/> on the ledger's database with the dialect's own driver.</summary>
    protected abstract Task ExecuteAsync(ILedger ledger, string sql);

    /// <summary>Empties <c>dora_days</c> and lists every day with a finished deploy as dirty, as migration 0006 leaves an existing ledger.</summary>
    protected abstract Task ForgetDaysAsync(ILedger ledger);

    private static async Task ShouldMatchAsync(IDeliveryStore store, DoraWindow window)
    {
        foreach (var service in (string?[])[null, "api"])
        {
            var facts = await store.DoraFactsAsync(service, window);
            var deploys = await store.DeploysAsync(service, null);
            var incidents = (await store.IncidentsAsync(null)).Where(i => service is null || i.Service == service || i.Service.Length == 0).ToList();
            foreach (var environment in (string?[])[null, "production"])
            {
                foreach (var definitions in Definitions)
                {
                    var expected = DoraCalculator.Compute(deploys, incidents, window, environment, definitions);
                    var actual = DoraCalculator.Compute(facts, window, environment, definitions);
                    Describe(actual).ShouldBe(Describe(expected), $"{window} service={service} environment={environment} {definitions}");
                }
            }
        }
    }

    /// <summary>Every number of a result, doubles in round-trip form, so equal text means equal numbers.</summary>
    private static string Describe(DoraResult result) =>
        $"unlinked {result.UnlinkedIncidents}\n" + string.Join("\n", result.Services.Append(result.Overall)
            .Select(s => (s with { Levels = [] }) + " " + string.Join(",", s.Levels)));

    private static async Task ApplyAsync(IDeliveryStore store, (int Kind, int Key, int Minute, int Span, int Variant)[] steps, string prefix)
    {
        var batch = new List<DeliveryEvent>();
        var sent = new List<DeliveryEvent>();
        for (var i = 0; i < steps.Length; i++)
        {
            var (kind, key, minute, span, v) = steps[i];
            var at = Base.AddMinutes(minute).AddTicks(v % 5 == 0 ? v * 1237 : 0); // sub-millisecond times too
            var eventId = v % 17 == 0 && sent.Count > 0 ? sent[v % sent.Count].EventId : $"{prefix}e{i}";
            DeliveryEvent? e = kind switch
            {
                <= 3 => new DeployEvent(eventId, "deployed", Deploy(prefix, key, at, span, v)),
                4 => new DeployStatusEvent(eventId, v % 3 == 0 ? DeployRow.AmendedType : "status", $"{prefix}d{key}", v % 2 == 0 ? DeployResult.Failed : DeployResult.Success, at),
                5 => new IncidentEvent(eventId, "incident", new Incident($"{prefix}i{key}", IncidentServices[v % 3], Environments[v / 3 % 2], at)
                {
                    ResolvedAt = v % 4 == 0 ? null : at.AddMinutes(span),
                    CausedBy = (v / 7 % 3) switch { 0 => $"{prefix}d{key}", 1 => null, _ => $"{prefix}nothing" },
                    ArtifactId = (v / 5 % 4) switch { 0 => $"pkg:a/{key % 4}", 1 => $"v{key % 4}", 2 => "", _ => null },
                }),
                6 => new IncidentResolvedEvent(eventId, "resolved", $"{prefix}i{key}", at.AddMinutes(span)),
                7 => new ChangeEvent(eventId, "merged", new Change($"{prefix}c{key % 8}", at.AddMinutes(-3000))),
                10 => new DeployWatchEvent(eventId, "watch", $"{prefix}d{key}", Watches[v % Watches.Length], at), // begun, stopped, or resumed to a verdict
                _ => null,
            };
            if (e is not null)
            {
                batch.Add(e);
                sent.Add(e);
            }

            if (kind == 8 || (kind == 9 && batch.Count > 0) || i == steps.Length - 1)
            {
                try
                {
                    await store.RecordAsync(batch);
                }
                catch (InvalidInputException refused)
                {
                    // a random resolution before its detection or its cause's finish: the batch is refused whole, nothing recorded
                    ShouldBeResolvedTooEarly(refused.Message, batch);
                }

                batch.Clear();
            }

            // deploy finish: the newest running deploy of the service in the environment
            if (kind == 8 && (await store.DeploysAsync(Services[v % 2], Environments[v / 2 % 2])).LastOrDefault(d => d.Result == DeployResult.Running) is { } running)
            {
                // no later than the resolution of any incident blaming it: a later finish is refused (the resolution would precede its cause)
                var finished = (await store.IncidentsAsync(null)).Where(i => i.CausedBy == running.Id && i.ResolvedAt is not null)
                    .Select(i => i.ResolvedAt!.Value).Append(at.AddMinutes(span)).Min();
                await store.FinishAsync(running, v % 3 == 0 ? DeployResult.Failed : DeployResult.Success, finished);
            }
        }
    }

    /// <summary>
    /// The one refusal a random batch may meet, in its words: an incident of the batch (or a deploy of the batch its
    /// cause), resolved at a time the refusal shows to be before its detection or before its cause's finish.
    /// </summary>
    private static void ShouldBeResolvedTooEarly(string message, List<DeliveryEvent> batch)
    {
        var match = TooEarly().Match(message);
        match.Success.ShouldBeTrue($"a refusal other than an incident resolved too early: {message}");
        var resolved = DateTimeOffset.Parse(match.Groups["resolved"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var before = DateTimeOffset.Parse(match.Groups["detected"].Success ? match.Groups["detected"].Value : match.Groups["finished"].Value, System.Globalization.CultureInfo.InvariantCulture);
        resolved.ShouldBeLessThanOrEqualTo(before, message); // shown to the millisecond: a sub-millisecond lead can print equal
        var incident = match.Groups["incident"].Value;
        var deploy = match.Groups["deploy"].Value;
        var named = batch.Any(e => e switch
        {
            IncidentEvent i => i.Incident.Id == incident,
            IncidentResolvedEvent r => r.IncidentId == incident,
            DeployEvent d => d.Deploy.Id == deploy,
            DeployStatusEvent s => s.DeployId == deploy,
            _ => false,
        });
        named.ShouldBeTrue($"the refusal names nothing of the batch: {message}");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^incident (?<incident>\S+) is resolved at (?<resolved>\S+Z), before (?:it was detected at (?<detected>\S+Z)|deploy (?<deploy>\S+) it names as its cause finished at (?<finished>\S+Z)): nothing of the batch is recorded \(check the pager's clock and the events' offsets\)$")]
    private static partial System.Text.RegularExpressions.Regex TooEarly();

    private static Deploy Deploy(string prefix, int key, DateTimeOffset started, int span, int v)
    {
        var running = v % 11 == 0;
        var changes = Enumerable.Range(0, v % 3)
            .Select(j => new Change($"{prefix}c{(key + j) % 8}", (v + j) % 5 == 0 ? null : started.AddMinutes(-((v * 7) + (j * 13)) % 3000)))
            .DistinctBy(c => c.Id)
            .ToList();
        return new Deploy($"{prefix}d{key}", Services[v % 2], Environments[v / 2 % 5 == 0 ? 1 : 0], $"v{key % 4}",
            (v / 3 % 10) switch { < 6 => DeployIntent.Planned, < 8 => DeployIntent.Hotfix, _ => DeployIntent.Rollback }, started)
        {
            FinishedAt = running ? null : started.AddMinutes(span % 7 == 0 ? 0 : span % 90),
            Result = running ? DeployResult.Running : v % 7 == 0 ? DeployResult.Failed : DeployResult.Success,
            ArtifactId = v % 3 == 0 ? null : $"pkg:a/{key % 4}",
            Changes = changes,
            Remediates = v % 13 == 0 ? $"{prefix}d{(key + 1) % 12}" : null,
            Source = "test",
        };
    }
}
