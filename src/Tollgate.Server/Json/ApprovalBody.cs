using System.Text.Json;

namespace Tollgate.Server.Json;

/// <summary>The approval body, for the OpenAPI document: <see cref="Plan"/> or <see cref="Digest"/>, not both.</summary>
/// <param name="Plan">The plan JSON (<c>terraform show -json</c>) to approve exactly.</param>
/// <param name="Digest">The digest (<c>sha256:…</c>) of a recorded report that asked for a review.</param>
/// <param name="By">Who approves: must be the name of the bearer token.</param>
/// <param name="Reason">Why the change is intended.</param>
public sealed record ApprovalBody(JsonElement? Plan, string? Digest, string By, string Reason);
