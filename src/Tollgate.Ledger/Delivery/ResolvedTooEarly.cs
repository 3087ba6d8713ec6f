using System.Globalization;
using Tollgate.Domain;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// An incident resolved before it was detected, or before the deploy its <c>CAUSED_BY</c> link names finished: a
/// negative span no recovery time can be taken from (it read as 0 minutes, an elite recovery), so the batch is refused,
/// as a deploy finish before its start is. Checked once the batch is written, whatever order its events came in, and
/// when <c>deploy finish</c> closes a deploy an incident already resolved blames (then the finish is refused).
/// </summary>
internal static class ResolvedTooEarly
{
    /// <summary>What is not recorded when an ingest batch is refused.</summary>
    public const string Batch = "nothing of the batch is recorded (check the pager's clock and the events' offsets)";

    /// <summary>What is not recorded when a <c>deploy finish</c> is refused.</summary>
    public const string Finish = "the finish is not recorded (check --at and the incident's times)";

    public static InvalidInputException BeforeDetection(string incident, DateTimeOffset resolved, DateTimeOffset detected, string unrecorded = Batch) =>
        new($"incident {incident} is resolved at {Utc(resolved)}, before it was detected at {Utc(detected)}: {unrecorded}");

    public static InvalidInputException BeforeDeploy(string incident, DateTimeOffset resolved, string deploy, DateTimeOffset finished, string unrecorded = Batch) =>
        new($"incident {incident} is resolved at {Utc(resolved)}, before deploy {deploy} it names as its cause finished at {Utc(finished)}: {unrecorded}");

    /// <summary>The refusal for one offending row: incident key, detected, resolved, the deploy it names and that deploy's finish (if any).</summary>
    public static InvalidInputException Of(string incident, DateTimeOffset detected, DateTimeOffset resolved, string? deploy, DateTimeOffset? finished, string unrecorded = Batch) =>
        resolved < detected || deploy is null || finished is null
            ? BeforeDetection(incident, resolved, detected, unrecorded)
            : BeforeDeploy(incident, resolved, deploy, finished.Value, unrecorded);

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFF'Z'", CultureInfo.InvariantCulture);
}
