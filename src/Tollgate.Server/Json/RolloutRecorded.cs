namespace Tollgate.Server.Json;

/// <summary>Flagger's <c>post-rollout</c> and <c>event</c> answer, for the OpenAPI document.</summary>
/// <param name="Recorded">False when the revision's outcome or event was recorded before.</param>
/// <param name="Reason">Why nothing was recorded, when nothing was.</param>
public sealed record RolloutRecorded(bool Recorded, string? Reason = null);
