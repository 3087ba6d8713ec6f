namespace Tollgate.Server.Json;

/// <summary>
/// The RFC 9457 problem every 4xx and 5xx answer is (<c>application/problem+json</c>, written by
/// <see cref="Hosting.Problem"/>), for the OpenAPI document.
/// </summary>
/// <param name="Type">https://httpstatuses.io/ and the status.</param>
/// <param name="Title">The status in words (Bad request, Not found, Ledger unavailable, …).</param>
/// <param name="Status">The HTTP status, as a number.</param>
/// <param name="Detail">What is wrong and what to do, one line.</param>
/// <param name="Instance">The request's path.</param>
public sealed record ProblemAnswer(string Type, string Title, int Status, string Detail, string Instance)
{
    /// <summary>The request field at fault (a body field such as <c>spec</c> or <c>metadata.latestHash</c>, a query parameter, <c>id</c>), present only when one is.</summary>
    public string? Field { get; init; }
}
