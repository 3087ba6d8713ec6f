using Microsoft.Data.Sqlite;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Dora;
using Tollgate.Domain.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Ledger.Tests.Delivery;

public sealed class SqliteDeliveryStoreTests : DeliveryStoreBehaviourTests, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-delivery-").FullName;

    protected override Task<string> ConnectionAsync() => Task.FromResult(Path.Combine(_dir, "ledger.db"));

    [Fact]
    public async Task RecordAsync_BulkLoadInBatches_SameRecordsAsIndexedInsertsAndIndexesRebuilt()
    {
        var events = History(SqliteDeferredIndexes.MinimumBatch + 4_000);
        await using var bulk = await OpenAsync("bulk.db");
        await using var plain = await OpenAsync("plain.db");

        var bulkCounts = await DeliveryStore.Of(bulk).RecordAsync(InBatches(events, 1_000), events.Count);
        var plainCounts = await DeliveryStore.Of(plain).RecordAsync(InBatches(events, 1_000), expected: 0);

        bulkCounts.ShouldBe(plainCounts);
        bulkCounts.Recorded.ShouldBe(events.Count - 1); // the repeated event id
        (await Describe(DeliveryStore.Of(bulk))).ShouldBe(await Describe(DeliveryStore.Of(plain)));
        Indexes("bulk.db").ShouldBe(Indexes("plain.db"));
        Indexes("bulk.db").ShouldContain(i => i.StartsWith("deploys_by_finish|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RecordAsync_BulkLoadWhoseLaterBatchFails_RecordsNothingAndKeepsTheIndexes()
    {
        var events = History(SqliteDeferredIndexes.MinimumBatch + 1_000);
        await using var ledger = await OpenAsync("failed.db");
        var before = Indexes("failed.db");

        await Should.ThrowAsync<InvalidInputException>(() => DeliveryStore.Of(ledger).RecordAsync(FailingAfter(events), events.Count));

        (await DeliveryStore.Of(ledger).DeploysAsync(null, null)).ShouldBeEmpty();
        Indexes("failed.db").ShouldBe(before);
    }

    [Fact]
    public async Task RecordAsync_BulkLoadIntoANewLedger_SameRecordsAndTheLedgerBackInWal()
    {
        var events = History(SqliteDeferredIndexes.MinimumBatch + 2_000);
        await using var bulk = await OpenAsync("journal.db");
        await using var plain = await OpenAsync("wal.db");

        var versions = new List<byte>();

        var counts = await DeliveryStore.Of(bulk).RecordAsync(Watched(events, "journal.db", versions), events.Count);

        counts.ShouldBe(await DeliveryStore.Of(plain).RecordAsync(InBatches(events, 1_000), expected: 0));
        (await Describe(DeliveryStore.Of(bulk))).ShouldBe(await Describe(DeliveryStore.Of(plain)));
        versions.ShouldAllBe(v => v == 1); // the file header while the batch was written: rollback journal
        JournalMode("journal.db").ShouldBe("wal");
        File.Exists(Path.Combine(_dir, "journal.db-journal")).ShouldBeFalse();
    }

    [Fact]
    public async Task RecordAsync_BulkLoadWhileAnotherConnectionHasTheLedgerOpen_RecordsThroughTheWal()
    {
        var events = History(SqliteDeferredIndexes.MinimumBatch + 2_000);
        await using var ledger = await OpenAsync("shared.db");
        await using var other = await OpenAsync("shared.db");
        (await DeliveryStore.Of(other).DeploysAsync(null, null)).ShouldBeEmpty();

        var versions = new List<byte>();

        var counts = await DeliveryStore.Of(ledger).RecordAsync(Watched(events, "shared.db", versions), events.Count);

        counts.Recorded.ShouldBe(events.Count - 1);
        (await Describe(DeliveryStore.Of(other))).ShouldBe(await Describe(DeliveryStore.Of(ledger)));
        versions.ShouldAllBe(v => v == 2); // WAL throughout
        JournalMode("shared.db").ShouldBe("wal");
    }

    /// <summary>The events in batches of 1,000, noting before each the file's write version (header byte 18: 1 rollback journal, 2 WAL).</summary>
    private async IAsyncEnumerable<IReadOnlyList<DeliveryEvent>> Watched(List<DeliveryEvent> events, string name, List<byte> versions)
    {
        await foreach (var batch in InBatches(events, 1_000))
        {
            using (var file = new FileStream(Path.Combine(_dir, name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                var header = new byte[19];
                file.ReadExactly(header);
                versions.Add(header[18]);
            }

            yield return batch;
        }
    }

    private string JournalMode(string name)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, name)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        return (string)command.ExecuteScalar()!;
    }

    private async Task<ILedger> OpenAsync(string name) =>
        await LedgerLocation.OpenAsync(Path.Combine(_dir, name), _dir, TimeProvider.System);

    /// <summary>Seeded deploys over five services and forty days with rework, failures, incidents and one repeated event.</summary>
    private static List<DeliveryEvent> History(int count)
    {
        var random = new Random(8);
        var events = new List<DeliveryEvent>(count);
        while (events.Count < count - 1)
        {
            var i = events.Count;
            var at = T0.AddMinutes(random.Next(40 * 24 * 60));
            var intent = random.Next(10) == 0 ? (DeployIntent)random.Next(3) : DeployIntent.Planned;
            events.Add(random.Next(25) switch
            {
                0 when i > 0 => new IncidentEvent($"i{i}", "dev.cdevents.incident.detected.0.3.0",
                    new Incident($"inc{i}", $"svc{random.Next(5)}", "production", at) { CausedBy = random.Next(2) == 0 ? $"d{random.Next(i)}" : null }),
                1 when i > 0 => Resolution(events, i, $"inc{random.Next(i)}", at),
                _ => new DeployEvent($"d{i}", "dev.cdevents.service.deployed.0.3.0",
                    new Deploy($"d{i}", $"svc{random.Next(5)}", "production", $"v{i}", intent, at)
                    {
                        FinishedAt = at,
                        Result = random.Next(20) == 0 ? DeployResult.Failed : DeployResult.Success,
                        Changes = intent == DeployIntent.Rollback ? [] : [new Change($"c{i}", at.AddMinutes(-random.Next(1, 5000)))],
                        Source = "cdevents",
                    }),
            });
        }

        events.Add(events[count / 2]);
        return events;
    }

    /// <summary>A resolution no earlier than its incident's detection and its cause's finish (a ledger refuses one before them).</summary>
    private static IncidentResolvedEvent Resolution(List<DeliveryEvent> events, int i, string incident, DateTimeOffset at)
    {
        var detected = events.OfType<IncidentEvent>().FirstOrDefault(e => e.Incident.Id == incident)?.Incident;
        var cause = detected?.CausedBy is { } key ? events.OfType<DeployEvent>().FirstOrDefault(e => e.Deploy.Id == key)?.Deploy.FinishedAt : null;
        var earliest = new[] { at, detected?.DetectedAt ?? at, cause ?? at }.Max();
        return new IncidentResolvedEvent($"r{i}", "dev.cdevents.incident.resolved.0.3.0", incident, earliest);
    }

    private static async IAsyncEnumerable<IReadOnlyList<DeliveryEvent>> InBatches(List<DeliveryEvent> events, int size)
    {
        for (var i = 0; i < events.Count; i += size)
        {
            await Task.Yield();
            yield return events.GetRange(i, Math.Min(size, events.Count - i));
        }
    }

    private static async IAsyncEnumerable<IReadOnlyList<DeliveryEvent>> FailingAfter(List<DeliveryEvent> events)
    {
        await Task.Yield();
        yield return events;
        throw new InvalidInputException("events.ndjson:7: not JSON");
    }

    /// <summary>Everything DORA and the deploy commands read, as text.</summary>
    private static async Task<string> Describe(IDeliveryStore store)
    {
        var facts = await store.DoraFactsAsync(null, new DoraWindow(T0.AddDays(3).AddHours(5), T0.AddDays(35)));
        var days = facts.Days.OrderBy(d => (d.Service, d.Day)).Select(d => $"{d.Service} {d.Day} {d.Deploys} {d.Rework} {string.Join(',', d.LeadTicks)}");
        var sparse = facts.Sparse.Select(d => $"{d.Id} {d.Result} {d.Intent} {d.FinishedAt:O}");
        var incidents = facts.Incidents.Select(i => $"{i.Id} {i.CausedBy} {i.DetectedAt:O} {i.ResolvedAt:O}");
        var deploys = (await store.DeploysAsync(null, null)).Select(d => $"{d.Id} {string.Join(',', d.Changes.Select(c => $"{c.Id}@{c.CommittedAt:O}"))}");
        return string.Join('\n', [.. days, "--", .. sparse, "--", .. incidents, "--", .. deploys]);
    }

    private List<string> Indexes(string name)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir, name)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name || '|' || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name";
        using var reader = command.ExecuteReader();
        var indexes = new List<string>();
        while (reader.Read())
        {
            indexes.Add(reader.GetString(0));
        }

        return indexes;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
