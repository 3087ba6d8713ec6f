namespace Tollgate.Models.Promotion;

/// <summary>
/// The business number a model controls, as <c>--kpi SPEC</c> (YAML) states it: the log column that carries it per
/// request (or the Prometheus queries that count it per version), whether higher or lower is better, how much the candidate may lose against the live model (a share of
/// the live value, or an absolute amount), and the decision's error rate and minimum samples.
/// </summary>
public sealed record KpiSpec(string Name, string Column)
{
    public bool HigherIsBetter { get; init; } = true;

    /// <summary>Allowed loss as a share of the live model's KPI (0.01 = 1%).</summary>
    public double MaxDrop { get; init; }

    /// <summary>Allowed loss in the KPI's own units; used instead of <see cref="MaxDrop"/> when set.</summary>
    public double? MaxDropAbsolute { get; init; }

    /// <summary>Family error rate of the roll back (Holm across slices) and level of each slice's promote test.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Fewer requests than this for either model in a slice: that slice holds.</summary>
    public int MinSamples { get; init; } = 200;

    public IReadOnlyList<string> SliceBy { get; init; } = [];

    /// <summary>The log column naming the model version that served each request.</summary>
    public string VersionColumn { get; init; } = "model_version";

    public string Path { get; init; } = "";

    /// <summary>Read the KPI from Prometheus (per version, over a window) instead of a prediction log; null: from the log.</summary>
    public KpiQueries? Prometheus { get; init; }
}
