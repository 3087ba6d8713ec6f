using Tollgate.Domain.Delivery;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// The names a near-duplicate check chooses from, read inside a checked write (<see cref="IDeliveryStore.RecordCheckedAsync"/>,
/// <see cref="IDeliveryStore.RecordDrillCheckedAsync"/>): every service and environment with a deploy (as
/// <see cref="IDeliveryStore.TargetsAsync"/> reads them) and every service with a drill, each list ordered by name.
/// </summary>
public sealed record KnownNames(IReadOnlyList<DeployTarget> Targets, IReadOnlyList<string> DrilledServices);
