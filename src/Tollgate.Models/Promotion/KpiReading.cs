namespace Tollgate.Models.Promotion;

/// <summary>
/// What a metrics source said about both versions: per slice the candidate's and the live model's arms, or why it
/// could not say (Prometheus down, an answer that is not numbers): the promote gate holds on that, never promotes.
/// </summary>
public sealed record KpiReading(IReadOnlyList<(string Slice, KpiArm Candidate, KpiArm Live)> Slices)
{
    /// <summary>Why the KPI could not be read; null when it was.</summary>
    public string? Problem { get; init; }

    /// <summary>The queries as sent, for the report and the digest.</summary>
    public IReadOnlyList<string> Queries { get; init; } = [];

    public static KpiReading Failed(string problem, IReadOnlyList<string> queries) => new([]) { Problem = problem, Queries = queries };
}
