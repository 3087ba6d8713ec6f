namespace Tollgate.Models.Shadow;

/// <summary>
/// <c>tollgate model shadow NAME@CANDIDATE --live NAME@LIVE --predictions LOG</c>: a log where every request was
/// answered by the live model and mirrored to the candidate (rows <c>request_id, model_version, prediction</c>,
/// optional <c>label</c>, slice columns).
/// </summary>
public sealed record ShadowRequest(string Candidate, string Live, string Predictions)
{
    public IReadOnlyList<string> SliceBy { get; init; } = [];

    /// <summary>The candidate must agree with the live model on at least this share of requests (as a class).</summary>
    public double MinAgreement { get; init; } = 0.9;

    /// <summary>A numeric prediction is the positive class at or above this score.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Family error rate across slices (Bonferroni) of each of the three checks.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Fewer paired requests than this in a slice: that slice is not judged (hold if none is).</summary>
    public int MinPairs { get; init; } = 100;

    /// <summary>Where labels arrived: how much accuracy the candidate may lose against the live model.</summary>
    public double MaxAccuracyDrop { get; init; }

    public string Actor { get; init; } = "";
}
