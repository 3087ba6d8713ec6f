namespace Tollgate.Models.Promotion;

/// <summary>
/// <c>tollgate model promote NAME@V --kpi SPEC --predictions LOG [--to canary|production] [--initial]</c>. To
/// production the KPI of the candidate's requests is judged against the live version's in the same log; to canary
/// only lineage and the rollback drill are checked. <see cref="Initial"/> promotes a model's first version, which has
/// no live version to compare with.
/// </summary>
public sealed record PromoteRequest(string Model)
{
    public string? Kpi { get; init; }

    public string? Predictions { get; init; }

    public string To { get; init; } = "production";

    public bool Initial { get; init; }

    public string Actor { get; init; } = "";
}
