namespace Tollgate.Server.Json;

/// <summary>The answer of <c>/healthz</c> (<c>ok</c>) and of a ready <c>/readyz</c> (<c>ready</c>), for the OpenAPI document.</summary>
public sealed record HealthAnswer(string Status);
