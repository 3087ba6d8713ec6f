using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Rollouts;
using Tollgate.Server.Hosting;
using Tollgate.Server.Json;
using Tollgate.Server.Observability;
using Tollgate.Server.Specs;

namespace Tollgate.Server.Integrations;

/// <summary>
/// Flagger's webhooks at <c>POST /api/v1/integrations/flagger/{hook}</c>. Flagger reads only the status (200–202 is
/// yes, anything else no), so each hook says its answer with it: <c>confirm-promotion</c> 200 promote / 403 keep
/// waiting (a hold, a failure, Prometheus or the ledger down); <c>rollback</c> 200 roll back now / 404 not;
/// <c>pre-rollout</c> 200 / 412 with what refused (<see cref="IPreRolloutCheck"/>s); <c>event</c> 200, recorded once per
/// revision and event. The body is the report (or the reason), which Flagger copies into the Kubernetes event.
/// </summary>
public static class FlaggerApi
{
    public const string Route = "/api/v1/integrations/flagger/{hook}";

    public static void Map(IEndpointRouteBuilder app, ServerState state)
    {
        var judging = new CanaryJudging(state);
        app.MapPost(Route, (HttpContext http, string hook) => HookAsync(http, hook, state, judging))
            .WithName("FlaggerWebhook")
            .WithTags("integrations")
            .WithSummary("Flagger webhooks: confirm-promotion, rollback, pre-rollout, event")
            .AcceptsJson<FlaggerWebhook>()
            .Produces<VerdictAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> HookAsync(HttpContext http, string hook, ServerState state, CanaryJudging judging)
    {
        if (hook is not ("confirm-promotion" or "rollback" or "pre-rollout" or "event"))
        {
            return Problem.NotFound($"no Flagger hook '{hook}' (confirm-promotion, rollback, pre-rollout, event)");
        }

        if (JsonMediaType.Refuse(http.Request) is { } unsupported)
        {
            return unsupported;
        }

        using var body = await JsonBody.ReadAsync(http.Request, state.Options.MaxBodyBytes);
        var payload = FlaggerPayload.Read(JsonBody.Object(body));
        if (hook == "event")
        {
            return await EventAsync(payload, state, http.RequestAborted);
        }

        var name = payload.Spec;
        if (state.Specs.Find(name) is not { } spec)
        {
            return Problem.NotFound(state.Specs.Unknown(name));
        }

        if (hook == "pre-rollout")
        {
            return await PreRolloutAsync(payload, spec, state, http.RequestAborted);
        }

        var (stable, latest, at) = (payload.Meta("stableHash"), payload.Meta("latestHash"), payload.Meta("at"));
        CanaryJudging.Validate(stable, latest, at, "metadata.", state.Clock.GetUtcNow());
        var judged = await judging.JudgeAsync("flagger/" + hook, spec, stable, latest, at, http.RequestAborted);
        var verdict = judged.Report?.Verdict;
        var yes = hook == "confirm-promotion" ? verdict == Verdict.Pass : verdict == Verdict.Fail;
        var status = yes ? StatusCodes.Status200OK : hook == "confirm-promotion" ? StatusCodes.Status403Forbidden : StatusCodes.Status404NotFound;
        return judged.Report is { } report
            ? new JsonText(state.Ledger.ReportUtf8(report), status)
            : new Problem(status, "Not judged", judged.NotJudged!);
    }

    private static async Task<IResult> PreRolloutAsync(FlaggerPayload payload, ServedSpec spec, ServerState state, CancellationToken cancellationToken)
    {
        var rollout = new PreRollout(payload.Name, payload.Namespace, spec, payload.Metadata);
        foreach (var check in state.PreRolloutChecks)
        {
            if (await check.RefuseAsync(rollout, cancellationToken) is { } refusal)
            {
                DecisionLog.Decision(state.Log, "flagger/pre-rollout", spec.Name, "fail", 0, refusal);
                return new Problem(StatusCodes.Status412PreconditionFailed, "Not ready to roll out", refusal);
            }
        }

        DecisionLog.Decision(state.Log, "flagger/pre-rollout", spec.Name, "pass", 0, "ready");
        return new JsonText($$"""{"ready":true,"spec":"{{spec.Name}}"}""");
    }

    private static async Task<IResult> EventAsync(FlaggerPayload payload, ServerState state, CancellationToken cancellationToken)
    {
        if (payload.Checksum.Length == 0)
        {
            throw new BadFieldException("checksum", "missing: an event is recorded once per rollout revision, which the checksum names");
        }

        DateTimeOffset? occurred = payload.Meta("timestamp") is { } ms && long.TryParse(ms, NumberStyles.Integer, CultureInfo.InvariantCulture, out var millis)
            ? DateTimeOffset.FromUnixTimeMilliseconds(millis)
            : null;
        var rolloutEvent = new RolloutEvent("flagger", payload.Namespace, payload.Name, payload.Checksum, payload.Phase, payload.Meta("eventType") ?? "", payload.Meta("eventMessage") ?? "")
        {
            OccurredAt = occurred,
        };
        try
        {
            var recorded = await state.Ledger.RolloutEventsAsync(log => log.RecordOnceAsync(rolloutEvent, cancellationToken), cancellationToken);
            return new JsonText(recorded ? """{"recorded":true}""" : """{"recorded":false,"reason":"already recorded for this revision"}""");
        }
        catch (Domain.InvalidInputException e) when (e.LedgerFault)
        {
            return new Problem(StatusCodes.Status503ServiceUnavailable, "Ledger unavailable", e.Message);
        }
    }
}
