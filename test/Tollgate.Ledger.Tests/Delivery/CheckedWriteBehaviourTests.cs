using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Ledger.Tests.Delivery;

/// <summary>
/// The checked writes (<see cref="IDeliveryStore.RecordCheckedAsync"/>, <see cref="IDeliveryStore.RecordDrillCheckedAsync"/>)
/// in every dialect: two processes, each with its own connection to one ledger, record near-duplicate new service names
/// at once, and the check of one of them sees the other's name; claims (<see cref="IDeliveryStore.ClaimAsync"/>) of one
/// target at once: one records, the others' checks read its deploy (subclasses pick the engine).
/// </summary>
public abstract class CheckedWriteBehaviourTests
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 4, 17, 0, 0, TimeSpan.Zero);

    private int _checking;

    protected abstract Task<string> ConnectionAsync();

    private async Task<(ILedger Ledger, IDeliveryStore Store)> OpenAsync()
    {
        var ledger = await LedgerLocation.OpenAsync(await ConnectionAsync(), Path.GetTempPath(), TimeProvider.System);
        return (ledger, DeliveryStore.Of(ledger));
    }

    private static DeployEvent Deployed(string id, string service, DateTimeOffset at) =>
        new(id, "dev.cdevents.service.deployed.0.3.0",
            new Deploy(id, service, "production", "v-" + id, DeployIntent.Planned, at) { FinishedAt = at, Result = DeployResult.Success, Source = "cdevents" });

    [Fact]
    public async Task RecordCheckedAsync_TwoWritersStartingNearDuplicateNamesAtOnce_TheSecondSeesTheFirstAndIsRefused()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        await store.RecordAsync([Deployed("e0", "checkout", T0)]);
        var (other, otherStore) = await OpenAsync(); // another process: its own connection to the same ledger
        await using var __ = other;

        var results = await Task.WhenAll(
            Attempt(() => store.RecordCheckedAsync([Deployed("e1", "pay12", T0.AddMinutes(1))], names => Check(names, "pay12"))),
            Attempt(() => otherStore.RecordCheckedAsync([Deployed("e2", "Pay12", T0.AddMinutes(1))], names => Check(names, "Pay12"))));

        ShouldBeOneRecordedOneRefused(results);
        (await store.TargetsAsync()).Count(t => IsPay12(t.Service)).ShouldBe(1);
    }

    [Fact]
    public async Task RecordDrillCheckedAsync_TwoWritersDrillingNearDuplicateNamesAtOnce_TheSecondSeesTheFirstAndIsRefused()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        await store.RecordDrillAsync(new Drill("checkout", true, null, T0));
        var (other, otherStore) = await OpenAsync();
        await using var __ = other;

        var results = await Task.WhenAll(
            Attempt(() => store.RecordDrillCheckedAsync(new Drill("pay12", true, null, T0.AddMinutes(1)), names => Check(names, "pay12"))),
            Attempt(() => otherStore.RecordDrillCheckedAsync(new Drill("Pay12", false, null, T0.AddMinutes(1)), names => Check(names, "Pay12"))));

        ShouldBeOneRecordedOneRefused(results);
        (await store.DrillsAsync(null)).Count(d => IsPay12(d.Service)).ShouldBe(1);
    }

    [Fact]
    public async Task RecordDrillCheckedAsync_ADeployOfANearDuplicateNameAtOnce_TheSecondSeesTheFirstAndIsRefused()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        await store.RecordAsync([Deployed("e0", "checkout", T0)]);
        var (other, otherStore) = await OpenAsync();
        await using var __ = other;

        var results = await Task.WhenAll(
            Attempt(() => store.RecordCheckedAsync([Deployed("e1", "pay12", T0.AddMinutes(1))], names => Check(names, "pay12"))),
            Attempt(() => otherStore.RecordDrillCheckedAsync(new Drill("Pay12", true, null, T0.AddMinutes(1)), names => Check(names, "Pay12"))));

        ShouldBeOneRecordedOneRefused(results);
        var known = (await store.TargetsAsync()).Select(t => t.Service).Concat((await store.DrillsAsync(null)).Select(d => d.Service));
        known.Count(IsPay12).ShouldBe(1);
    }

    [Fact]
    public async Task ClaimAsync_ThreeRunsOfOneTargetAtOnce_OneRecordsItsDeployAndTheOthersChecksReadItAndRefuse()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;
        await store.RecordAsync([Deployed("w1", "web", T0)]);
        var opened = new List<(ILedger Ledger, IDeliveryStore Store)>();
        for (var i = 0; i < 3; i++)
        {
            opened.Add(await OpenAsync()); // three processes: each its own connection to the one ledger
        }

        try
        {
            var results = await Task.WhenAll(opened.Select((o, i) => Attempt(() => o.Store.ClaimAsync(Running($"w2{(char)('a' + i)}", T0.AddMinutes(1)),
                async t =>
                {
                    Interlocked.Increment(ref _checking);
                    var running = await o.Store.NewestRunningAsync("web", "production", t); // the check deploy run makes, through the ordinary read
                    await Task.Delay(300, t); // the three checks would overlap here if each were not serialized with its record
                    if (running is not null)
                    {
                        throw new InvalidInputException($"{running.Version} of web in production is being deployed");
                    }
                },
                null))));

            _checking.ShouldBe(3);
            results.Count(r => r == "recorded").ShouldBe(1, string.Join(", ", results));
            var winner = (await store.NewestRunningAsync("web", "production"))!;
            results.Count(r => r == $"{winner.Version} of web in production is being deployed").ShouldBe(2, string.Join(", ", results));
            (await store.DeploysAsync("web", "production")).Select(d => d.Version).ShouldBe(["v-w1", winner.Version]);
        }
        finally
        {
            foreach (var (other, _) in opened)
            {
                await other.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ClaimAsync_CheckRefuses_NothingRecordedAndTheLedgerWritableAfter()
    {
        var (ledger, store) = await OpenAsync();
        await using var _ = ledger;

        await Should.ThrowAsync<InvalidInputException>(() => store.ClaimAsync(Running("w2", T0), _ => throw new InvalidInputException("refused"), null));
        var counts = await store.ClaimAsync(Running("w3", T0.AddMinutes(1)), _ => Task.CompletedTask, names => names.Targets.ShouldBeEmpty());

        counts.Recorded.ShouldBe(1);
        (await store.DeploysAsync("web", "production")).Select(d => d.Version).ShouldBe(["w3"]);
    }

    private static DeployEvent Running(string version, DateTimeOffset at) =>
        new(version, "tollgate.deploy.started", new Deploy(version, "web", "production", version, DeployIntent.Planned, at));

    private static bool IsPay12(string service) => service.Equals("pay12", StringComparison.OrdinalIgnoreCase);

    /// <summary>A near-duplicate check of <paramref name="service"/> against every service deployed or drilled, slow enough for two writers to meet in it.</summary>
    private void Check(KnownNames names, string service)
    {
        Interlocked.Increment(ref _checking);
        Thread.Sleep(300); // both checks would overlap here if the check and the insert were not one locked write
        if (names.Targets.Select(t => t.Service).Concat(names.DrilledServices).Any(s => string.Equals(s, service, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidInputException($"unknown service '{service}'");
        }
    }

    private void ShouldBeOneRecordedOneRefused(string[] results)
    {
        _checking.ShouldBe(2);
        results.Count(r => r == "recorded").ShouldBe(1, string.Join(", ", results));
        results.Count(r => r.StartsWith("unknown service", StringComparison.Ordinal)).ShouldBe(1, string.Join(", ", results));
    }

    private static async Task<string> Attempt(Func<Task> record)
    {
        await Task.Yield();
        try
        {
            await record();
            return "recorded";
        }
        catch (InvalidInputException e)
        {
            return e.Message;
        }
    }
}
