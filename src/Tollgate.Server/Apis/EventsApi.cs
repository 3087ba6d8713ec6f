using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Delivery.Events;
using Tollgate.Domain;
using Tollgate.Server.Hosting;

namespace Tollgate.Server.Apis;

/// <summary>
/// <c>POST /api/v1/events</c>: CDEvents (one per line or an array), CloudEvents carrying them, or GitHub deployment
/// payloads into the delivery store, as <c>tollgate events ingest</c> does: all of the body or, on a bad event, none
/// (400 naming it); an event id already recorded is counted, not recorded again.
/// </summary>
public static class EventsApi
{
    public static void Map(IEndpointRouteBuilder app, ServerState state)
    {
        app.MapPost("/api/v1/events", (HttpRequest request) => IngestAsync(request.HttpContext, state))
            .WithName("IngestEvents")
            .WithTags("events")
            .WithSummary("Record deploy, incident and change events (CDEvents, CloudEvents, GitHub deployments)")
            .AcceptsJson<System.Text.Json.JsonElement>("application/json", "application/x-ndjson", "application/cloudevents+json", "application/cloudevents-batch+json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> IngestAsync(HttpContext http, ServerState state)
    {
        if (JsonMediaType.Refuse(http.Request, "application/x-ndjson", "application/jsonl") is { } unsupported)
        {
            return unsupported;
        }

        var bytes = await JsonBody.ReadBytesAsync(http.Request, state.Options.MaxBodyBytes);
        JsonBody.Utf8(bytes);
        ParsedEvents parsed;
        try
        {
            parsed = EventFile.Parse(bytes, "body", state.Clock);
        }
        catch (InvalidInputException e)
        {
            throw new BadFieldException("body", e.Message.StartsWith("body", StringComparison.Ordinal) ? e.Message[4..].TrimStart(':', ' ') : e.Message);
        }

        var counts = await state.Ledger.DeliveryAsync(store => store.RecordAsync(parsed.Events, http.RequestAborted), http.RequestAborted);
        return new JsonText($$"""{"recorded":{{counts.Recorded}},"duplicates":{{counts.Duplicates}},"ignored":{{parsed.Ignored}},"unmatched":{{counts.Unmatched}}}""");
    }
}
