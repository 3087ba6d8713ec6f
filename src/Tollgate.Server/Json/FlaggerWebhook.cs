namespace Tollgate.Server.Json;

/// <summary>Flagger's webhook body, for the OpenAPI document (the route reads it field by field).</summary>
/// <param name="Name">The Canary's name.</param>
/// <param name="Namespace">The Canary's namespace.</param>
/// <param name="Phase">Flagger's phase (Progressing, WaitingPromotion, …); post-rollout's is the outcome, Succeeded or Failed.</param>
/// <param name="Checksum">The rollout revision; events and outcomes are recorded once per checksum, an approval binds one.</param>
/// <param name="Metadata">The webhook's metadata: <c>spec</c> (required but on post-rollout and event), <c>stableHash</c>, <c>latestHash</c>, <c>at</c>, <c>manifests</c>, <c>approval: required</c> (confirm-rollout); event hooks add <c>eventType</c>, <c>eventMessage</c>, <c>timestamp</c>.</param>
public sealed record FlaggerWebhook(string Name, string Namespace, string? Phase = null, string? Checksum = null, IReadOnlyDictionary<string, string>? Metadata = null);
