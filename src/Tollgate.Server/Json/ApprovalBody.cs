using System.Text.Json.Nodes;

namespace Tollgate.Server.Json;

/// <summary>
/// The approval body, for the OpenAPI document: <see cref="Plan"/> (with <see cref="Scans"/> and <see cref="Rego"/> if
/// the plan was reviewed with them) or <see cref="Digest"/>, exactly one of the two, so neither is required alone
/// (the document says so with <c>anyOf</c>). Any other field is refused.
/// </summary>
/// <param name="By">Who approves: must be the name of the bearer token.</param>
/// <param name="Reason">Why the change is intended.</param>
/// <param name="Plan">The plan JSON (<c>terraform show -json</c>) to approve exactly.</param>
/// <param name="Digest">The digest (<c>sha256:…</c>) of a recorded report that asked for a review.</param>
/// <param name="Scans">With a plan: the scan results it was reviewed with, each the JSON document a scanner wrote (what <c>tollgate approve PLAN --scan FILE</c> reads); never a path.</param>
/// <param name="Rego">With a plan: true when it was reviewed with the server's Rego policies (<c>tollgate serve --rego DIR</c>, as <c>approve PLAN --rego DIR</c>); a directory is refused.</param>
public sealed record ApprovalBody(string By, string Reason, JsonObject? Plan = null, string? Digest = null, IReadOnlyList<JsonObject>? Scans = null, bool? Rego = null);
