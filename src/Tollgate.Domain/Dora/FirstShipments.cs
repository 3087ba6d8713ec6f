using Tollgate.Domain.Delivery;

namespace Tollgate.Domain.Dora;

/// <summary>
/// Each deploy of a history with only the changes it ships first (see <see cref="DeployDays.Ships"/>): a change an
/// earlier deploy of the same service and environment shipped (by finish time; at the same finish time, the earlier in
/// the history) is kept without its commit time, so <see cref="DeployDays.LeadTicks"/> samples every change once.
/// </summary>
public static class FirstShipments
{
    /// <summary><paramref name="deploys"/> in the same order, each deploy's changes shipped before it left without a commit time.</summary>
    public static List<Deploy> Of(IReadOnlyList<Deploy> deploys)
    {
        var first = new Dictionary<(string Service, string Environment, string Change), (DateTimeOffset Finished, int Index)>();
        for (var i = 0; i < deploys.Count; i++)
        {
            var deploy = deploys[i];
            if (!DeployDays.Ships(deploy))
            {
                continue;
            }

            foreach (var change in deploy.Changes)
            {
                var key = (deploy.Service, deploy.Environment, change.Id);
                if (!first.TryGetValue(key, out var known) || deploy.FinishedAt!.Value < known.Finished)
                {
                    first[key] = (deploy.FinishedAt!.Value, i);
                }
            }
        }

        var result = new List<Deploy>(deploys.Count);
        for (var i = 0; i < deploys.Count; i++)
        {
            var deploy = deploys[i];
            var index = i;
            result.Add(!DeployDays.Ships(deploy) || deploy.Changes.All(c => first[(deploy.Service, deploy.Environment, c.Id)].Index == index)
                ? deploy
                : deploy with
                {
                    Changes = [.. deploy.Changes.Select(c => first[(deploy.Service, deploy.Environment, c.Id)].Index == index ? c : c with { CommittedAt = null })],
                });
        }

        return result;
    }
}
