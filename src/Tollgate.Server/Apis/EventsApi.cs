using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Delivery.Events;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Ledger.Delivery;
using Tollgate.Server.Hosting;
using Tollgate.Server.Json;
using Tollgate.Server.Observability;
using Tollgate.Server.OpenApi;

namespace Tollgate.Server.Apis;

/// <summary>
/// <c>POST /api/v1/events</c>: CDEvents (one per line or an array), CloudEvents carrying them, or GitHub deployment
/// payloads into the delivery store, as <c>tollgate events ingest</c> does: all of the body or, on a bad event, none
/// (400 naming it); an event id already recorded is counted, not recorded again. Names new to the ledger that nearly
/// duplicate others are the answer's <c>warning</c> (as <c>events ingest</c> warns), never a refusal (<see cref="IngestedNames"/>).
/// The deploys it records decide what <c>retention apply</c> keeps, so with <c>--events-token-file</c> a request without
/// one of its bearer tokens is 401 and nothing is read; without it the route is open (docs/serve.md: reachable only by
/// trusted CI).
/// </summary>
public static class EventsApi
{
    public static void Map(IEndpointRouteBuilder app, ServerState state)
    {
        var route = app.MapPost("/api/v1/events", (HttpRequest request) => IngestAsync(request.HttpContext, state))
            .WithName("IngestEvents")
            .WithTags("events")
            .WithSummary("Record deploy, incident and change events (CDEvents, CloudEvents, GitHub deployments)")
            .AcceptsJson<System.Text.Json.JsonElement>("application/json", "application/x-ndjson", "application/cloudevents+json", "application/cloudevents-batch+json")
            .Produces<IngestAnswer>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status503ServiceUnavailable);
        if (state.EventTokens.Enabled)
        {
            route.RequiresToken(ApiDocument.EventsScheme).ProducesProblems(StatusCodes.Status401Unauthorized);
        }
    }

    private static async Task<IResult> IngestAsync(HttpContext http, ServerState state)
    {
        if (state.EventTokens.Enabled && state.EventTokens.Authenticate(http.Request.Headers.Authorization) is null)
        {
            const string why = "a bearer token of --events-token-file is required to record events";
            DecisionLog.EventsRefused(state.Log, why);
            return Problem.Unauthorized(why);
        }

        if (JsonMediaType.Refuse(http.Request, "application/x-ndjson", "application/jsonl") is { } unsupported)
        {
            return unsupported;
        }

        var bytes = await JsonBody.ReadBytesAsync(http.Request, state.Options.MaxBodyBytes);
        JsonBody.Unicode(bytes);
        if (EventFile.IsBlank(bytes))
        {
            // A body that is nothing (an empty file sent with curl --data-binary @file) is a client's mistake, as
            // events ingest refuses an empty file: an answer of "0 recorded" would pass it over in silence.
            throw new BadFieldException("body", $"{(bytes.Length == 0 ? "empty" : "only blank lines")}: expected events, one JSON object per line or a JSON array");
        }

        ParsedEvents parsed;
        try
        {
            parsed = EventFile.Parse(bytes, "body", state.Clock);
        }
        catch (InvalidInputException e)
        {
            throw new BadFieldException("body", e.Message.StartsWith("body", StringComparison.Ordinal) ? e.Message[4..].TrimStart(':', ' ') : e.Message);
        }

        var names = new IngestedNames();
        await foreach (var _ in names.Noting(new[] { parsed.Events }.ToAsyncEnumerable(), http.RequestAborted))
        {
        }

        // The names the ledger held before this body, read in the same turn as the record (as events ingest does); on
        // PostgreSQL the bodies of concurrent requests share one transaction, each answered once its own is durable,
        // each body seeing the names of the bodies before it in that transaction (as if recorded one at a time). A
        // request aborted before its body is queued (or, on SQLite, before its turn) records nothing; once queued it is
        // recorded whatever the client does (a resend counts its events as duplicates).
        var (before, counts) = await state.Ledger.RecordEventsAsync(parsed.Events, http.RequestAborted);
        return new JsonText(Answer(counts, parsed.Ignored, names.Warning(before)));
    }

    private static byte[] Answer(IngestCounts counts, int ignored, string? warning)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("recorded", counts.Recorded);
            w.WriteNumber("duplicates", counts.Duplicates);
            w.WriteNumber("ignored", ignored);
            w.WriteNumber("unmatched", counts.Unmatched);
            if (warning is null)
            {
                w.WriteNull("warning");
            }
            else
            {
                w.WriteString("warning", warning);
            }

            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
