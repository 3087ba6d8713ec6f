using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Tollgate.Domain;
using Tollgate.Server.Observability;

namespace Tollgate.Server.Hosting;

/// <summary>
/// The server's one error boundary, around every request: bad input is a problem naming the field (400), a body too
/// large 413, a compressed one 415, a ledger that cannot answer 503, a tool the server runs that fails (conftest, opa) 500 with its reason,
/// and anything else 500 with a generic line naming the request's trace id, the error (whose text may name a path, a query
/// or a value) only in the log under that id; no detail names a path the request registered as private (<see cref="PrivatePaths"/>: an uploaded plan's directory). A 404 or 405 routing answers without a body
/// gets the same problem JSON; <c>OPTIONS</c> on a route is 204 with its <c>Allow</c>. Each request is timed by route.
/// </summary>
internal static class RequestBoundary
{
    public static async Task InvokeAsync(HttpContext http, RequestDelegate next, ServerState state)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            RequestArrival.Note(http, state.Clock); // inside the boundary: a clock that fails is a fault like any other
            await next(http);
            if (!http.Response.HasStarted && http.Response.StatusCode >= 400 && http.Response.ContentLength is null && http.Response.ContentType is null
                && Unanswered(http) is { } problem)
            {
                await problem.ExecuteAsync(http);
            }
        }
        catch (Exception e) when (!http.Response.HasStarted && !(e is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            var problem = Problem(e, state, http.TraceIdentifier);
            problem = problem.WithDetail(PrivatePaths.Hide(http, problem.Detail));
            if (problem.Status >= StatusCodes.Status500InternalServerError && e is not InvalidInputException)
            {
                DecisionLog.Failed(state.Log, e, http.Request.Method, http.Request.Path, http.TraceIdentifier, e.Message);
            }

            await problem.ExecuteAsync(http);
        }
        finally
        {
            var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            state.Metrics.Answered(route, http.Request.Method, http.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        }
    }

    private static Problem Problem(Exception e, ServerState state, string traceId) => e switch
    {
        BodyTooLargeException => new Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", e.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"the request body is larger than {Domain.ByteSize.Format(state.Options.MaxBodyBytes)} (the server's --max-body-size)"),
        BadHttpRequestException bad => new Problem(bad.StatusCode, "Bad request", bad.Message),
        BadFieldException field => Hosting.Problem.BadField(field),
        UnsupportedBodyException => new Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", e.Message),
        ServerConfigurationException => new Problem(StatusCodes.Status500InternalServerError, "Server misconfigured", e.Message),
        InvalidInputException { LedgerFault: true } => new Problem(StatusCodes.Status503ServiceUnavailable, "Ledger unavailable", e.Message),
        InvalidInputException { ToolFault: true } => new Problem(StatusCodes.Status500InternalServerError, "Server-side tool failed", e.Message),
        InvalidInputException => new Problem(StatusCodes.Status400BadRequest, "Bad request", e.Message),
        _ => new Problem(StatusCodes.Status500InternalServerError, "Internal server error", $"an internal error occurred; see the server's log (trace id {traceId}); nothing was recorded by this request unless its answer said so"),
    };

    /// <summary>The problem for a status routing set without a body: no such route (404), a method the route does not take (405).</summary>
    private static Problem? Unanswered(HttpContext http)
    {
        var response = http.Response;
        var request = http.Request;
        var allow = response.Headers.Allow.ToString();
        if (response.StatusCode == StatusCodes.Status405MethodNotAllowed && request.Method == HttpMethods.Options)
        {
            response.StatusCode = StatusCodes.Status204NoContent;
            response.Headers.Allow = allow.Length == 0 ? "OPTIONS" : allow + ", OPTIONS";
            return null;
        }

        return response.StatusCode switch
        {
            StatusCodes.Status404NotFound => Hosting.Problem.NotFound($"no route {request.Path}: the routes are listed in /openapi/v1.json"),
            StatusCodes.Status405MethodNotAllowed => new Problem(StatusCodes.Status405MethodNotAllowed, "Method not allowed", $"{request.Path} does not take {request.Method}: use {allow}"),
            var status => new Problem(status, ReasonOf(status), $"{request.Method} {request.Path} answered {status}"),
        };
    }

    private static string ReasonOf(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
