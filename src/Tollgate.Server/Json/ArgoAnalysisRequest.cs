namespace Tollgate.Server.Json;

/// <summary>The Argo Rollouts analysis body, for the OpenAPI document (the route reads it field by field).</summary>
/// <param name="Spec">The canary spec's name: its file name in <c>--specs</c> without <c>.yaml</c>.</param>
/// <param name="StableHash">The stable ReplicaSet's pod-template hash (<c>{{stableHash}}</c> in the spec's selectors).</param>
/// <param name="LatestHash">The canary ReplicaSet's pod-template hash (<c>{{latestHash}}</c>).</param>
/// <param name="At">End of the window judged: RFC 3339 or Unix seconds (default: now).</param>
public sealed record ArgoAnalysisRequest(string Spec, string? StableHash, string? LatestHash, string? At);
