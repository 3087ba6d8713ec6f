using Tollgate.Domain.Delivery;

namespace Tollgate.Domain.Dora;

/// <summary>
/// What <see cref="DoraCalculator"/> needs to give exactly the numbers it gives from the full history, without the full
/// history: the <see cref="Days"/> of the window (throughput: counts, rework, lead time), and a <see cref="Sparse"/> set
/// of deploys that is closed under everything failure and recovery look at.
/// </summary>
/// <param name="Days">Deploy days whose deploys all finished inside the window (a day cut by the window's edge holds only its deploys inside).</param>
/// <param name="Sparse">
/// In ledger order (started, then insertion), every finished deploy that: is a hotfix or rollback (remediation
/// candidates); failed; finished in the window with its watch unfinished (<see cref="DeployWatch.Watching"/>, with its
/// <see cref="Deploy.Watch"/>: left out of the failure rate unless shown failed) or held (<see cref="DeployWatch.Held"/>), or is
/// the deploy (every deploy) of the same service and environment finished next after such a deploy (a rollback there
/// makes it failed: <see cref="IncidentLinker.RollbackNext"/>), or (every deploy) finished last before a successful
/// rollback finished in or after the window (that rollback undid it, whatever its watch made of it); is named by another deploy's <see cref="Deploy.Remediates"/>; is named by an incident's CAUSED_BY;
/// or, for an incident whose CAUSED_BY names no finished deploy, is its latest prior deploy of the same artifact and its
/// latest prior deploy of the service and environment. Linking against this set gives the links of the full history:
/// each answer of <see cref="IncidentLinker"/> is in it and nothing in it can come between.
/// </param>
/// <param name="Incidents">The incidents to link, as <see cref="DoraCalculator.Compute(IReadOnlyList{Deploy}, IReadOnlyList{Incident}, DoraWindow, string?, DoraDefinitions)"/> takes them.</param>
public sealed record DoraFacts(IReadOnlyList<DeployDay> Days, IReadOnlyList<Deploy> Sparse, IReadOnlyList<Incident> Incidents);
