using System.Globalization;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// <c>tollgate deploy finish</c>: closes the newest running deploy of a service in an environment (the one
/// <see cref="IDeliveryStore.FinishAsync"/> closes). A finish before that deploy's start is bad input, refused before
/// anything is recorded: a negative span would enter DORA's lead and recovery times as if it had happened.
/// </summary>
public static class DeployFinish
{
    public static async Task<Deploy> RunAsync(
        IDeliveryStore store, string service, string environment, DeployResult result, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (result == DeployResult.Running)
        {
            throw new InvalidInputException("--result must be success or failed");
        }

        var running = (await store.DeploysAsync(service, environment, cancellationToken)).LastOrDefault(d => d.Result == DeployResult.Running)
            ?? throw NoneRunning(service, environment);
        if (at < running.StartedAt)
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"{running.Id} started at {Rfc3339(running.StartedAt)}, after the finish at {Rfc3339(at)}: a deploy cannot finish before it starts (check --at); nothing recorded"));
        }

        return await store.FinishAsync(service, environment, result, at, cancellationToken) ?? throw NoneRunning(service, environment);
    }

    private static InvalidInputException NoneRunning(string service, string environment) =>
        new($"no running deploy of {service} in {environment}: record one with tollgate deploy start");

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
