using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Server.Hosting;
using Tollgate.Server.Json;
using Tollgate.Server.Observability;
using Tollgate.Server.OpenApi;
using Tollgate.Server.Specs;

namespace Tollgate.Server.Integrations;

/// <summary>
/// Flagger's webhooks at <c>POST /api/v1/integrations/flagger/{hook}</c>, every type Flagger calls. Flagger reads only
/// the status (200–202 is yes, anything else no), so each hook says its answer with it: <c>confirm-rollout</c> 200 go
/// / 403 keep waiting (a pre-rollout check refuses); <c>pre-rollout</c> 200 / 412 with what refused
/// (<see cref="IPreRolloutCheck"/>s: the recorded report of one that judged, else a problem); the canary judgements <c>rollout</c>, <c>confirm-traffic-increase</c>,
/// <c>confirm-promotion</c> and <c>rollback</c> as <see cref="FlaggerStatus"/> maps them; <c>post-rollout</c> and
/// <c>event</c> 200, recorded once per revision (<see cref="FlaggerRecords"/>). The body is the report (or the reason),
/// which Flagger copies into the Kubernetes event.
/// </summary>
public static class FlaggerApi
{
    public const string Route = "/api/v1/integrations/flagger/{hook}";

    /// <summary>Flagger's hook types, in the order a canary meets them.</summary>
    public static readonly string[] Hooks = ["confirm-rollout", "pre-rollout", "rollout", "confirm-traffic-increase", "confirm-promotion", "rollback", "post-rollout", "event"];

    public static void Map(IEndpointRouteBuilder app, ServerState state)
    {
        var judging = new CanaryJudging(state);
        app.MapPost(Route, (HttpContext http, string hook) => HookAsync(http, hook, state, judging))
            .WithName("FlaggerWebhook")
            .WithTags("integrations")
            .WithSummary("Flagger webhooks: " + string.Join(", ", Hooks))
            .WithDescription("The status is the answer (200-202 yes): confirm-rollout 200 or 403 wait; pre-rollout 200 or 412 (a failed check); rollout 412 on fail (a failed check), else 200; confirm-traffic-increase 200 on pass or a hold for want of canary traffic, else 403 wait; confirm-promotion 200 on pass, else 403 wait; rollback 200 on fail, else 404; post-rollout and event 200, recorded once per revision.")
            .AcceptsJson<FlaggerWebhook>()
            .Produces<VerdictAnswer>()
            .ProducesProblems(
                StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status412PreconditionFailed,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status500InternalServerError, StatusCodes.Status503ServiceUnavailable)
            .AddOpenApiOperationTransformer(DescribeAnswersAsync);
    }

    /// <summary>
    /// For the OpenAPI document: the hooks <c>{hook}</c> takes; a 200 that is a report (or hold), a pre-rollout's
    /// <see cref="RolloutReady"/> or a record's <see cref="RolloutRecorded"/>; a judged no (403, 404, 412) that is the
    /// report itself, as JSON beside the problems of the other noes.
    /// </summary>
    private static async Task DescribeAnswersAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Parameters?.FirstOrDefault(p => p.Name == "hook") is OpenApiParameter hook)
        {
            hook.Description = "Flagger's webhook type; any other is 404 listing these";
            hook.Schema = OperationDocs.Text(null, Hooks);
        }

        var ok = OperationDocs.Response(operation, StatusCodes.Status200OK);
        if (ok.Content?.TryGetValue("application/json", out var json) != true || json!.Schema is not { } report)
        {
            return;
        }

        json.Schema = new OpenApiSchema
        {
            AnyOf = [report, await context.GetOrCreateSchemaAsync(typeof(RolloutReady), null, cancellationToken), await context.GetOrCreateSchemaAsync(typeof(RolloutRecorded), null, cancellationToken)],
        };
        foreach (var status in (int[])[StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status412PreconditionFailed])
        {
            var no = OperationDocs.Response(operation, status);
            no.Content ??= new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
            no.Content["application/json"] = new OpenApiMediaType { Schema = report };
        }
    }

    private static async Task<IResult> HookAsync(HttpContext http, string hook, ServerState state, CanaryJudging judging)
    {
        if (!Hooks.Contains(hook, StringComparer.Ordinal))
        {
            return Problem.NotFound($"no Flagger hook '{hook}' ({string.Join(", ", Hooks)})");
        }

        if (JsonMediaType.Refuse(http.Request) is { } unsupported)
        {
            return unsupported;
        }

        using var body = await JsonBody.ReadAsync(http.Request, state.Options.MaxBodyBytes);
        var payload = FlaggerPayload.Read(JsonBody.Object(body));
        switch (hook)
        {
            case "event":
                return await FlaggerRecords.EventAsync(payload, state, http.RequestAborted);
            case "post-rollout":
                return await FlaggerRecords.OutcomeAsync(payload, state, http.RequestAborted);
        }

        var name = payload.Spec;
        if (state.Specs.Find(name) is not { } spec)
        {
            return Problem.NotFound(state.Specs.Unknown(name));
        }

        // A canary that can never be judged (a hash its selectors use left out) is refused on every hook, the pre-rollout
        // ones first, before any traffic moves.
        var (stable, latest, at) = (payload.Given("stableHash"), payload.Given("latestHash"), payload.Given("at"));
        var readying = hook is "pre-rollout" or "confirm-rollout";
        CanaryJudging.Validate(stable, latest, readying ? null : at, "metadata.", state.Clock.GetUtcNow(), spec.Spec.Window);
        CanaryJudging.RequireHashes(spec, stable, latest, "metadata.", "the webhook's metadata");
        if (readying)
        {
            return await ReadyAsync(hook, payload, spec, state, http.RequestAborted);
        }

        var judged = await judging.JudgeAsync("flagger/" + hook, spec, stable, latest, at, RequestArrival.Of(http), http.RequestAborted);
        if (judged.Report is { } report)
        {
            return new JsonText(judged.Utf8(state.Ledger), FlaggerStatus.Of(hook, report));
        }

        var status = FlaggerStatus.NotJudged(hook);
        return status == StatusCodes.Status200OK
            ? new JsonText(HoldAnswer.Utf8(spec.Name, judged.NotJudged!))
            : new Problem(status, "Not judged", judged.NotJudged!);
    }

    /// <summary>
    /// The pre-rollout checks, in order, the first refusal deciding: <c>pre-rollout</c> refuses with 412 (Flagger counts
    /// a failed check), <c>confirm-rollout</c> with 403 (Flagger waits and asks again), where the revision then also
    /// waits for its approval when the webhook asks for one (<see cref="RolloutApproval"/>).
    /// </summary>
    private static async Task<IResult> ReadyAsync(string hook, FlaggerPayload payload, ServedSpec spec, ServerState state, CancellationToken cancellationToken)
    {
        var confirm = hook == "confirm-rollout";
        if (RolloutApproval.Required(payload) && !confirm)
        {
            throw new BadFieldException("metadata.approval", "an approval is waited for on confirm-rollout: on pre-rollout a refusal counts a failed check, and enough of them roll the canary back");
        }

        var route = "flagger/" + hook;
        var rollout = new PreRollout(payload.Name, payload.Namespace, spec, payload.Metadata);
        foreach (var check in state.PreRolloutChecks)
        {
            if (await check.RefuseAsync(rollout, cancellationToken) is { } refusal)
            {
                DecisionLog.Decision(state.Log, route, spec.Name, refusal.Report?.Verdict.WireName() ?? "fail", 0, refusal.Reason);
                var status = confirm ? StatusCodes.Status403Forbidden : StatusCodes.Status412PreconditionFailed;

                // A judged refusal is its recorded report (Flagger copies the body into its event); any other a problem.
                return refusal.Report is { } judged ? new JsonText(state.Ledger.ReportUtf8(judged), status)
                    : new Problem(status, confirm ? "Waiting to roll out" : "Not ready to roll out", refusal.Reason);
            }
        }

        var approval = "";
        if (confirm && RolloutApproval.Required(payload))
        {
            var report = await new RolloutApproval(state).JudgeAsync(payload, cancellationToken);
            DecisionLog.Decision(state.Log, route, report.Subject, report.Verdict.WireName(), 0, report.Reason);
            if (report.Verdict != Verdict.Pass)
            {
                // The report, whose digest is what to approve (POST /api/v1/approvals, or tollgate approve --digest).
                return new JsonText(state.Ledger.ReportUtf8(report), StatusCodes.Status403Forbidden);
            }

            approval = $",\"approval\":\"{report.Digest}\"";
        }
        else
        {
            DecisionLog.Decision(state.Log, route, spec.Name, "pass", 0, "ready");
        }

        return new JsonText($$"""{"ready":true,"spec":"{{spec.Name}}"{{approval}}}""");
    }
}
