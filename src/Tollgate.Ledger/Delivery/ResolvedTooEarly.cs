using System.Globalization;
using Tollgate.Domain;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// An incident resolved before it was detected, or before the deploy its <c>CAUSED_BY</c> link names finished: a
/// negative span no recovery time can be taken from (it read as 0 minutes, an elite recovery), so the batch is refused,
/// as a deploy finish before its start is. Checked once the batch is written, whatever order its events came in.
/// </summary>
internal static class ResolvedTooEarly
{
    public static InvalidInputException BeforeDetection(string incident, DateTimeOffset resolved, DateTimeOffset detected) =>
        new($"incident {incident} is resolved at {Utc(resolved)}, before it was detected at {Utc(detected)}: nothing of the batch is recorded (check the pager's clock and the events' offsets)");

    public static InvalidInputException BeforeDeploy(string incident, DateTimeOffset resolved, string deploy, DateTimeOffset finished) =>
        new($"incident {incident} is resolved at {Utc(resolved)}, before deploy {deploy} it names as its cause finished at {Utc(finished)}: nothing of the batch is recorded (check the pager's clock and the events' offsets)");

    /// <summary>The refusal for one offending row: incident key, detected, resolved, the deploy it names and that deploy's finish (if any).</summary>
    public static InvalidInputException Of(string incident, DateTimeOffset detected, DateTimeOffset resolved, string? deploy, DateTimeOffset? finished) =>
        resolved < detected || deploy is null || finished is null
            ? BeforeDetection(incident, resolved, detected)
            : BeforeDeploy(incident, resolved, deploy, finished.Value);

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFF'Z'", CultureInfo.InvariantCulture);
}
