namespace Tollgate.Server.Json;

/// <summary>Flagger's <c>pre-rollout</c> and <c>confirm-rollout</c> yes, for the OpenAPI document.</summary>
/// <param name="Approval">The digest of the approval the revision waited for, when the webhook asked for one.</param>
public sealed record RolloutReady(bool Ready, string Spec, string? Approval = null);
