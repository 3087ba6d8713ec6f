using System.Globalization;
using Microsoft.AspNetCore.Http;
using Tollgate.Ledger.Rollouts;
using Tollgate.Server.Hosting;

namespace Tollgate.Server.Integrations;

/// <summary>
/// What Flagger tells rather than asks, recorded in the ledger's <c>rollout_events</c> once per rollout revision (the
/// payload's <c>checksum</c>): each <c>event</c> (phase, type, message), and the outcome <c>post-rollout</c> reports
/// after a promotion or a rollback (phase <c>Succeeded</c> or <c>Failed</c>). A unique constraint decides, so a retry,
/// or two replicas receiving the same call, records it once. Flagger ignores the answer; it is 200 with whether this
/// call recorded, or 503 when the ledger cannot.
/// </summary>
public static class FlaggerRecords
{
    /// <summary>The phases Flagger sends <c>post-rollout</c> with.</summary>
    private static readonly string[] Outcomes = ["Succeeded", "Failed"];

    public static Task<IResult> EventAsync(FlaggerPayload payload, ServerState state, CancellationToken cancellationToken)
    {
        var rolloutEvent = new RolloutEvent("flagger", payload.Namespace, payload.Name, Revision(payload, "an event"), payload.Phase, payload.Meta("eventType") ?? "", payload.Meta("eventMessage") ?? "")
        {
            OccurredAt = Occurred(payload.Meta("timestamp")),
        };
        return RecordAsync(rolloutEvent, state, cancellationToken);
    }

    public static Task<IResult> OutcomeAsync(FlaggerPayload payload, ServerState state, CancellationToken cancellationToken)
    {
        var revision = Revision(payload, "an outcome");
        if (!Outcomes.Contains(payload.Phase, StringComparer.Ordinal))
        {
            var found = payload.Phase.Length == 0 ? "missing" : $"'{payload.Phase}' is not an outcome";
            throw new BadFieldException("phase", $"{found}: post-rollout reports Succeeded (promoted) or Failed (rolled back)");
        }

        var outcome = new RolloutEvent("flagger", payload.Namespace, payload.Name, revision, payload.Phase, "post-rollout", "rollout " + payload.Phase);
        return RecordAsync(outcome, state, cancellationToken);
    }

    /// <summary>
    /// When the event happened: Flagger's <c>metadata.timestamp</c>, milliseconds since 1970; null when it is left out.
    /// Anything else is a 400 naming the field, never a 500 from a time past year 9999.
    /// </summary>
    private static DateTimeOffset? Occurred(string? timestamp) =>
        timestamp is null ? null
        : long.TryParse(timestamp, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var millis)
            && millis >= 0 && millis <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(millis)
            : throw new BadFieldException("metadata.timestamp", $"'{Shown(timestamp)}' is not a time: Flagger sends whole milliseconds since 1970, up to year 9999");

    private static string Shown(string text) => Domain.Reports.TextSafe.Line(text.Length > 40 ? text[..40] + "…" : text);

    private static string Revision(FlaggerPayload payload, string what) => payload.Checksum.Length > 0
        ? payload.Checksum
        : throw new BadFieldException("checksum", $"missing: {what} is recorded once per rollout revision, which the checksum names");

    private static async Task<IResult> RecordAsync(RolloutEvent rolloutEvent, ServerState state, CancellationToken cancellationToken)
    {
        try
        {
            var recorded = await state.Ledger.RecordRolloutEventAsync(rolloutEvent, cancellationToken);
            return new JsonText(recorded ? """{"recorded":true}""" : """{"recorded":false,"reason":"already recorded for this revision"}""");
        }
        catch (Domain.InvalidInputException e) when (e.LedgerFault)
        {
            return new Problem(StatusCodes.Status503ServiceUnavailable, "Ledger unavailable", e.Message);
        }
    }
}
