using Tollgate.Domain.Delivery;

namespace Tollgate.Domain.Dora;

/// <summary>
/// Folds counted deploys into <see cref="DeployDay"/>s one at a time, so a bulk load keeps a few numbers per service,
/// environment and day instead of every deploy until the end. The rules are <see cref="DeployDays"/>'.
/// </summary>
public sealed class DeployDayTally
{
    private readonly Dictionary<(string Service, string Environment, DateOnly Day), (int Deploys, int Rework, List<long> Lead)> _days = [];

    public int Count => _days.Count;

    /// <summary>Adds a deploy; one that does not count (still running, unfinished) adds nothing.</summary>
    public void Add(Deploy deploy)
    {
        if (!DeployDays.Counts(deploy))
        {
            return;
        }

        var key = (deploy.Service, deploy.Environment, DeployDays.DayOf(deploy.FinishedAt!.Value));
        var (n, rework, lead) = _days.TryGetValue(key, out var known) ? known : (0, 0, new List<long>());
        lead.AddRange(DeployDays.LeadTicks(deploy));
        _days[key] = (n + 1, rework + (deploy.Intent == DeployIntent.Planned ? 0 : 1), lead);
    }

    /// <summary>One day per service, environment and day added, lead-time samples sorted.</summary>
    public List<DeployDay> Days()
    {
        var list = new List<DeployDay>(_days.Count);
        foreach (var ((service, environment, day), (n, rework, lead)) in _days)
        {
            var ticks = lead.ToArray();
            Array.Sort(ticks);
            list.Add(new DeployDay(service, environment, day, n, rework, ticks));
        }

        return list;
    }
}
