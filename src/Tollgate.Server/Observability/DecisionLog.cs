using Microsoft.Extensions.Logging;

namespace Tollgate.Server.Observability;

/// <summary>The server's log lines: one per decision (route, spec or subject, verdict, duration), and its start.</summary>
internal static partial class DecisionLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "decision {Route} {Subject} {Verdict} in {DurationMs} ms: {Reason}")]
    public static partial void Decision(ILogger logger, string route, string subject, string verdict, double durationMs, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "not decided {Route} {Subject}: {Reason}")]
    public static partial void NotDecided(ILogger logger, string route, string subject, string reason);

    /// <summary>The start line: <c>listening on …: 1 spec, …</c> or <c>2 specs</c>; the <c>Specs</c> field keeps the number.</summary>
    public static void Listening(ILogger logger, string urls, int specs, string ledger, string approvals, string events) =>
        Listening(logger, urls, specs, specs == 1 ? "spec" : "specs", ledger, approvals, events);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "listening on {Urls}: {Specs} {SpecsNoun}, ledger {Ledger}, approvals {Approvals}, events {Events}")]
    private static partial void Listening(ILogger logger, string urls, int specs, string specsNoun, string ledger, string approvals, string events);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "warmed up in {DurationMs} ms before listening: ledger {Ledger}, a report rendered as JSON ({Bytes} bytes)")]
    public static partial void WarmedUp(ILogger logger, double durationMs, string ledger, int bytes);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "approval {Digest} by {By} recorded as {Id}")]
    public static partial void Approved(ILogger logger, string digest, string by, long id);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "approval refused: {Reason}")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "draining for {Delay}: /readyz answers 503 while requests are still served, then the server stops")]
    public static partial void Draining(ILogger logger, string delay);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "request failed {Method} {Path} (trace id {TraceId}): {Reason}")]
    public static partial void Failed(ILogger logger, Exception exception, string method, string path, string traceId, string reason);

    [LoggerMessage(EventId = 9, Level = LogLevel.Error, Message = "not recorded {Route} {Subject} {Verdict} {Digest}, answered all the same: {Reason}; the report: {Report}")]
    public static partial void Unrecorded(ILogger logger, string route, string subject, string verdict, string digest, string reason, string report);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "recorded late {Route} {Subject} {Verdict} {Digest} as verdict {Id}, after its answer said recorded: false (it is in the ledger: do not record it by hand)")]
    public static partial void RecordedLate(ILogger logger, string route, string subject, string verdict, string digest, long id);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "not recorded late {Route} {Subject} {Verdict} {Digest}: the write the answer did not wait for failed: {Reason}; the report: {Report}")]
    public static partial void NotRecordedLate(ILogger logger, string route, string subject, string verdict, string digest, string reason, string report);

    [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "not recorded late {Route} {Subject} {Verdict} {Digest}: the server stopped before the write the answer did not wait for ended (waited {Waited}); it may yet land while the server closes the ledger, and a 'recorded late' line then follows: look for its digest in the ledger before recording it by hand; the report: {Report}")]
    public static partial void NotRecordedAtStop(ILogger logger, string route, string subject, string verdict, string digest, string waited, string report);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "not recorded in time {Route} {Subject} {Verdict} {Digest}, answered all the same: {Reason}; the write goes on: a 'recorded late' or 'not recorded late' line follows (record nothing by hand before it)")]
    public static partial void UnrecordedInTime(ILogger logger, string route, string subject, string verdict, string digest, string reason);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "events refused: {Reason}")]
    public static partial void EventsRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "not listening yet: {Reason}")]
    public static partial void LedgerWaiting(ILogger logger, string reason);
}
