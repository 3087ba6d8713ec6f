using Tollgate.Delivery.Deploys;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Drills;

/// <summary>
/// The versions <c>drill run --env</c> rehearses with: the environment's current version (its newest successful
/// deploy) and the one <c>deploy run</c>'s rollback would go back to (<see cref="RollbackTarget"/>, never the current version itself). An environment or
/// service the ledger has no deploy of is named as every other command names it (<see cref="UnknownTarget"/>: "did
/// you mean --env production?"), so a typo is not read as "nothing to roll back".
/// </summary>
public static class DrillVersions
{
    /// <exception cref="InvalidInputException">No successful deploy of the service in the environment, or nothing to roll back to.</exception>
    public static async Task<(Deploy Current, string Target)> ForAsync(IDeliveryStore store, string service, string environment, CancellationToken cancellationToken)
    {
        var (shownService, shownEnvironment) = (TextSafe.Line(service), TextSafe.Line(environment));
        var history = await store.DeploysAsync(service, environment, cancellationToken);
        if (history.Count == 0 && UnknownTarget.Explain(service, environment, await store.TargetsAsync(cancellationToken)) is { } unknown)
        {
            throw new InvalidInputException($"--env {shownEnvironment}: {TextSafe.Line(unknown)}{(unknown.EndsWith('?') ? " " : "; ")}nothing was run or recorded");
        }

        var current = history.Where(d => d.Result == DeployResult.Success).MaxBy(d => d.FinishedAt ?? d.StartedAt)
            ?? throw new InvalidInputException($"--env {shownEnvironment}: no successful deploy of {shownService} in {shownEnvironment} is recorded, so there is no rollback to rehearse; nothing was run or recorded");
        var target = RollbackTarget.Choose(history, current)
            ?? throw new InvalidInputException(history.Count(d => d.Result == DeployResult.Success) == 1
                ? $"--env {shownEnvironment}: {TextSafe.Line(current.Version)} is the only successful deploy of {shownService} in {shownEnvironment}, so there is nothing to roll back to; nothing was run or recorded"
                : history.All(d => d.Result != DeployResult.Success || d.Version == current.Version)
                ? $"--env {shownEnvironment}: every earlier successful deploy of {shownService} in {shownEnvironment} is of the current {TextSafe.Line(current.Version)}, so there is no other version to roll back to (the drill would roll {TextSafe.Line(current.Version)} back to itself); nothing was run or recorded"
                : $"--env {shownEnvironment}: every earlier successful deploy of {shownService} in {shownEnvironment} is of the current {TextSafe.Line(current.Version)} or was undone by the rollback after it, so there is no version to roll back to; nothing was run or recorded");
        return (current, target.Deploy.Version);
    }
}
