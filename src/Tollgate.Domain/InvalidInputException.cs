namespace Tollgate.Domain;

/// <summary>
/// Bad input or bad configuration: the host prints <see cref="Exception.Message"/> as one line and exits 3.
/// Results (a canary is worse, data is missing) are never exceptions.
/// </summary>
public sealed class InvalidInputException : Exception
{
    public InvalidInputException(string message)
        : base(message)
    {
    }

    public InvalidInputException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>
    /// The ledger could not do what was asked (unreachable, refused, read-only, full, locked, corrupt): the
    /// environment's fault, not the request's. The CLI exits 3 all the same; a server answers 503, not 400.
    /// </summary>
    public bool LedgerFault { get; init; }

    /// <summary>
    /// A tool Tollgate runs for the request (conftest, opa) could not run or failed: the host's fault, not the input's.
    /// The CLI exits 3 all the same; a server answers 500 with the reason, not a 400 blaming the request.
    /// </summary>
    public bool ToolFault { get; init; }

    /// <summary>
    /// A metrics source refused a query as malformed (Prometheus' <c>bad_data</c>): the spec's mistake, which a caller
    /// that knows where the query was written can place (its file and line).
    /// </summary>
    public bool QueryRejected { get; init; }
}
