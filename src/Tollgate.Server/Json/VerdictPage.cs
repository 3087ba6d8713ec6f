namespace Tollgate.Server.Json;

/// <summary>A page of verdicts, for the OpenAPI document: <see cref="Next"/> is the <c>cursor</c> of the next page, null on the last.</summary>
public sealed record VerdictPage(IReadOnlyList<ListedVerdict> Items, string? Next);
