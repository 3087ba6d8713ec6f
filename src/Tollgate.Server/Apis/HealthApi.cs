using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;
using Tollgate.Server.Hosting;
using Tollgate.Server.Json;
using Tollgate.Server.OpenApi;

namespace Tollgate.Server.Apis;

/// <summary>
/// <c>/healthz</c> (the process answers), <c>/readyz</c> (the ledger answers a read within two seconds, its last write
/// did not fail, <see cref="LastWriteFault"/>, and the server is not stopping: a replica that cannot record, or is
/// draining, must get no traffic) and <c>/metrics</c> (Prometheus text: the server's own metrics, then the models' drift, skew and trend figures from
/// the ledger, <see cref="Observability.ModelGauges"/>).
/// </summary>
public static class HealthApi
{
    /// <summary>The methods of a read: <c>HEAD</c> too, which load balancers and uptime checks send (Kestrel sends no body).</summary>
    public static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static void Map(IEndpointRouteBuilder app, ServerState state)
    {
        app.MapMethods("/healthz", GetOrHead, () => new JsonText("""{"status":"ok"}"""))
            .WithTags("health").WithSummary("The process is up")
            .Produces<HealthAnswer>()
            .ReadOperations("GetHealth", "HeadHealth");
        app.MapMethods("/readyz", GetOrHead, (HttpRequest request) => ReadyAsync(request.HttpContext, state))
            .WithTags("health").WithSummary("The ledger answers a read within 2 s, its last write did not fail and the server is not draining (503 otherwise)")
            .Produces<HealthAnswer>()
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable)
            .ReadOperations("GetReadiness", "HeadReadiness");
        app.MapMethods("/metrics", GetOrHead, async (HttpContext http) =>
        {
            http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await state.Metrics.Registry.CollectAndExportAsTextAsync(http.Response.Body, http.RequestAborted);
            await http.Response.WriteAsync(await state.ModelGauges.TextAsync(http.RequestAborted), http.RequestAborted);

            // A handler with a result, not a bare RequestDelegate, so the OpenAPI document lists the route.
            return Results.Empty;
        }).WithTags("health").WithSummary("Prometheus metrics").Produces<string>(StatusCodes.Status200OK, "text/plain").ReadOperations("GetMetrics", "HeadMetrics");
    }

    private static async Task<IResult> ReadyAsync(HttpContext http, ServerState state)
    {
        if (state.Draining)
        {
            return Draining();
        }

        return await state.Ledger.ProbeAsync(http.RequestAborted) is { } reason
            ? new Problem(StatusCodes.Status503ServiceUnavailable, "Not ready", reason)
            : state.Draining ? Draining() : new JsonText("""{"status":"ready"}""");
    }

    /// <summary>The answer of a replica that is stopping, asked before or while its ledger read ran.</summary>
    private static Problem Draining() => new(StatusCodes.Status503ServiceUnavailable, "Not ready", "draining: this replica is stopping: it still answers requests for its --drain-delay, then stops accepting, finishes those in flight and exits; send new requests to another replica");
}
