namespace Tollgate.Server.Json;

/// <summary>Argo Rollouts' web metric body, for the OpenAPI document (the route reads it field by field; any other field is a hold).</summary>
/// <param name="Spec">The canary spec to judge.</param>
/// <param name="StableHash">The stable pod-template hash (<c>valueFrom.podTemplateHashValue: Stable</c>).</param>
/// <param name="LatestHash">The canary pod-template hash (<c>valueFrom.podTemplateHashValue: Latest</c>).</param>
/// <param name="At">The end of the window judged, RFC 3339 text or Unix seconds (a string or a number); default now.</param>
public sealed record ArgoAnalysisBody(string Spec, string? StableHash = null, string? LatestHash = null, string? At = null);
