namespace Tollgate.Domain.Delivery;

/// <summary>What one ingest did: events new to the ledger, already recorded, and those that named nothing recorded.</summary>
public sealed record IngestCounts(int Recorded, int Duplicates, int Unmatched);
