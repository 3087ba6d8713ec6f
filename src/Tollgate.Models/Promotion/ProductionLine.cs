using Tollgate.Domain.Registry;

namespace Tollgate.Models.Promotion;

/// <summary>What a model's stage history says about production now: the live version and the one before it.</summary>
public sealed record ProductionLine(string? Live, string? Previous)
{
    public static ProductionLine At(IReadOnlyList<StageEvent> events, DateTimeOffset now)
    {
        var live = ModelStages.LiveAt(events, now);
        var previous = live is null ? null : events
            .Where(e => e.Stage == ModelStages.Production && e.Version != live && e.At <= now)
            .Select(e => e.Version)
            .LastOrDefault();
        return new ProductionLine(live, previous);
    }

    /// <summary>The stage a version is in now (its newest event), or null when it has none.</summary>
    public static string? StageOf(IReadOnlyList<StageEvent> events, string version) =>
        events.LastOrDefault(e => e.Version == version)?.Stage;
}
