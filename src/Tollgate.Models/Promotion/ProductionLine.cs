using Tollgate.Domain.Registry;

namespace Tollgate.Models.Promotion;

/// <summary>
/// What a model's stage history says about production now: the live version and the one a rollback returns to.
/// Production is a line of versions, each promotion adding one; a version entering production again (a rollback, a
/// drill's two moves, a promotion of an older version) returns the line to it, so the versions after it are off the
/// line. The previous version is the one before the live version on the line: a second rollback after 3 → 2 goes
/// to 1, never back to 3, the version just rolled back from.
/// </summary>
public sealed record ProductionLine(string? Live, string? Previous)
{
    public static ProductionLine At(IReadOnlyList<StageEvent> events, DateTimeOffset now)
    {
        var live = ModelStages.LiveAt(events, now);
        if (live is null)
        {
            return new ProductionLine(null, null);
        }

        var line = new List<string>();
        foreach (var entry in events.Where(e => e.Stage == ModelStages.Production && e.At <= now).Select((e, i) => (e, i)).OrderBy(x => x.e.At).ThenBy(x => x.i))
        {
            var at = line.LastIndexOf(entry.e.Version);
            if (at >= 0)
            {
                line.RemoveRange(at + 1, line.Count - at - 1);
            }
            else
            {
                line.Add(entry.e.Version);
            }
        }

        var position = line.LastIndexOf(live);
        return new ProductionLine(live, position > 0 ? line[position - 1] : null);
    }

    /// <summary>
    /// Why there is no previous version, for <see cref="Previous"/> null with a version live: none other was ever in
    /// production, or every one after the live version's first promotion was rolled back from.
    /// </summary>
    public static string NoPrevious(IReadOnlyList<StageEvent> events, string name, string live) =>
        events.Any(e => e.Stage == ModelStages.Production && e.Version != live)
            ? $"{name}@{live} is the first version on its production line (every version promoted after it was rolled back from)"
            : $"{name}@{live} is the only version that was ever in production";

    /// <summary>The stage a version is in now (its newest event), or null when it has none.</summary>
    public static string? StageOf(IReadOnlyList<StageEvent> events, string version) =>
        events.LastOrDefault(e => e.Version == version)?.Stage;
}
