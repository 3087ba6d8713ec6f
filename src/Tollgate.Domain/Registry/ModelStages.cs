namespace Tollgate.Domain.Registry;

/// <summary>The stages a version moves through: <c>shadow → canary → production → retired</c>.</summary>
public static class ModelStages
{
    public const string Shadow = "shadow";

    public const string Canary = "canary";

    public const string Production = "production";

    public const string Retired = "retired";

    public static IReadOnlyList<string> All { get; } = [Shadow, Canary, Production, Retired];

    public static string Parse(string text) =>
        All.FirstOrDefault(s => string.Equals(s, text, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidInputException($"unknown stage '{text}': expected {string.Join(", ", All)}");

    /// <summary>The version in production at <paramref name="at"/> from a model's stage events (any order), or null.</summary>
    public static string? LiveAt(IReadOnlyList<StageEvent> events, DateTimeOffset at)
    {
        var latest = events.Where(e => e.At <= at)
            .Select((e, i) => (e, i))
            .GroupBy(x => x.e.Version, StringComparer.Ordinal)
            .Select(g => g.OrderBy(x => x.e.At).ThenBy(x => x.i).Last())
            .Where(x => x.e.Stage == Production)
            .OrderBy(x => x.e.At).ThenBy(x => x.i)
            .LastOrDefault();
        return latest.e?.Version;
    }

    /// <summary>Production versions in the order they entered production, each once (its latest entry), oldest first.</summary>
    public static IReadOnlyList<StageEvent> ProductionHistory(IReadOnlyList<StageEvent> events) =>
        [.. events.Where(e => e.Stage == Production).OrderBy(e => e.At)];
}
