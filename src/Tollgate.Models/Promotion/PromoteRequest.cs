namespace Tollgate.Models.Promotion;

/// <summary>
/// <c>tollgate model promote NAME@V --kpi SPEC [--predictions LOG | --prometheus-url URL] [--to canary|production] [--initial]</c>. To
/// production the KPI of the candidate's requests is judged against the live version's in the same log, or as the
/// spec's Prometheus queries count it per version; to canary
/// only lineage and the rollback drill are checked. <see cref="Initial"/> promotes a model's first version, which has
/// no live version to compare with.
/// </summary>
public sealed record PromoteRequest(string Model)
{
    public string? Kpi { get; init; }

    public string? Predictions { get; init; }

    /// <summary>The Prometheus a spec with <c>prometheus:</c> queries is read from, instead of the spec's own URL.</summary>
    public string? PrometheusUrl { get; init; }

    public string To { get; init; } = "production";

    public bool Initial { get; init; }

    public string Actor { get; init; } = "";
}
