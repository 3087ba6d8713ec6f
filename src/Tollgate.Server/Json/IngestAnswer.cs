namespace Tollgate.Server.Json;

/// <summary>What <c>POST /api/v1/events</c> recorded, for the OpenAPI document (as <c>tollgate events ingest</c> counts it).</summary>
/// <param name="Warning">Names new to the ledger that nearly duplicate others, or null when there is nothing to say.</param>
public sealed record IngestAnswer(int Recorded, int Duplicates, int Ignored, int Unmatched, string? Warning);
