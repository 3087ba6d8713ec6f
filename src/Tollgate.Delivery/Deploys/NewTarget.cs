using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// The check <c>deploy start|run</c> and <c>drill record|run</c> make before they record anything: a service or
/// environment the ledger has never seen that nearly duplicates one it has (<see cref="NearDuplicate"/>) is refused
/// with one line naming the known one ("unknown service 'chekout'; did you mean 'checkout'? pass --new-service to
/// record a new one"), so that a typo does not start a history nobody reads. A genuinely new name, and any name into
/// an empty ledger, is recorded as before; <c>--new-service</c> and <c>--new-environment</c> record a near one all the same.
/// </summary>
public static class NewTarget
{
    public const string NewServiceOption = "--new-service";

    public const string NewEnvironmentOption = "--new-environment";

    /// <summary>
    /// For a deploy of <paramref name="service"/> to <paramref name="environment"/>. A pair already deployed costs one
    /// indexed read; only a first deploy of the pair reads the ledger's services and environments.
    /// </summary>
    public static async Task CheckDeployAsync(
        IDeliveryStore store, string service, string environment, bool newService, bool newEnvironment, CancellationToken cancellationToken)
    {
        if (!await KnownOrWantedAsync(store, service, environment, newService, newEnvironment, cancellationToken))
        {
            Check(await store.TargetsAsync(cancellationToken), service, environment, newService, newEnvironment);
        }
    }

    /// <summary>
    /// Records a deploy's start (<paramref name="started"/>) after the same check, made again inside the write
    /// (<see cref="IDeliveryStore.RecordCheckedAsync"/>) when the pair is new: two processes starting <c>pay12</c> and
    /// <c>Pay12</c> at once both passed a check made before either recorded, and both were recorded.
    /// </summary>
    /// <param name="underWay">
    /// The check of a deploy or watch of the target under way, made with the record in one claim
    /// (<see cref="IDeliveryStore.ClaimAsync"/>) so that two runs started at once cannot both pass it; null: none.
    /// </param>
    public static async Task<IngestCounts> RecordDeployAsync(
        IDeliveryStore store, DeployEvent started, bool newService, bool newEnvironment, CancellationToken cancellationToken, Func<CancellationToken, Task>? underWay = null)
    {
        var (service, environment) = (started.Deploy.Service, started.Deploy.Environment);
        var known = await KnownOrWantedAsync(store, service, environment, newService, newEnvironment, cancellationToken);
        Action<KnownNames>? check = known ? null : names => Check(names.Targets, service, environment, newService, newEnvironment);
        return (underWay, check) switch
        {
            ({ } claim, _) => await store.ClaimAsync(started, claim, check, cancellationToken),
            (null, null) => await store.RecordAsync([started], cancellationToken),
            (null, { } names) => await store.RecordCheckedAsync([started], names, cancellationToken),
        };
    }

    /// <summary>True when there is nothing to check: both names are said to be new, or the pair was deployed before (a pair is never unrecorded).</summary>
    private static async Task<bool> KnownOrWantedAsync(
        IDeliveryStore store, string service, string environment, bool newService, bool newEnvironment, CancellationToken cancellationToken) =>
        (newService && newEnvironment)
        || await store.NewestStartedAsync(service, environment, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, cancellationToken) is not null;

    private static void Check(IReadOnlyList<DeployTarget> targets, string service, string environment, bool newService, bool newEnvironment)
    {
        if (!newService)
        {
            Refuse("service", service, [.. targets.Select(t => t.Service).Distinct(StringComparer.Ordinal)], NewServiceOption);
        }

        if (!newEnvironment)
        {
            Refuse("environment", environment, [.. targets.Select(t => t.Environment).Distinct(StringComparer.Ordinal)], NewEnvironmentOption);
        }
    }

    /// <summary>For a drill of <paramref name="service"/>: the services known are those deployed and those drilled.</summary>
    public static async Task CheckDrillAsync(IDeliveryStore store, string service, bool newService, CancellationToken cancellationToken)
    {
        if (!await DrilledOrWantedAsync(store, service, newService, cancellationToken))
        {
            var drilled = (await store.DrillsAsync(null, cancellationToken)).Select(d => d.Service).Distinct(StringComparer.Ordinal);
            CheckDrill(new KnownNames(await store.TargetsAsync(cancellationToken), [.. drilled]), service);
        }
    }

    /// <summary>
    /// Records <paramref name="drill"/> after the same check, made again inside the write
    /// (<see cref="IDeliveryStore.RecordDrillCheckedAsync"/>) when the service was never drilled: two processes recording
    /// <c>pay12</c> and <c>Pay12</c> at once both passed a check made before either recorded, and both were recorded.
    /// </summary>
    public static async Task RecordDrillAsync(IDeliveryStore store, Drill drill, bool newService, CancellationToken cancellationToken)
    {
        if (await DrilledOrWantedAsync(store, drill.Service, newService, cancellationToken))
        {
            await store.RecordDrillAsync(drill, cancellationToken);
        }
        else
        {
            await store.RecordDrillCheckedAsync(drill, names => CheckDrill(names, drill.Service), cancellationToken);
        }
    }

    /// <summary>True when there is nothing to check: the name is said to be new, or the service was drilled before (a drill is never unrecorded).</summary>
    private static async Task<bool> DrilledOrWantedAsync(IDeliveryStore store, string service, bool newService, CancellationToken cancellationToken) =>
        newService || (await store.DrillsAsync(service, cancellationToken)).Count > 0;

    private static void CheckDrill(KnownNames names, string service) =>
        Refuse("service", service, [.. names.Targets.Select(t => t.Service).Concat(names.DrilledServices).Distinct(StringComparer.Ordinal)], NewServiceOption);

    private static void Refuse(string what, string name, IReadOnlyCollection<string> known, string option)
    {
        if (NearDuplicate.Of(name, known) is { } near)
        {
            throw new InvalidInputException($"unknown {what} '{name}'; did you mean '{near}'? pass {option} to record a new one");
        }
    }
}
