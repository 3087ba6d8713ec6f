using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Domain;
using Tollgate.Domain.Reports;
using Tollgate.Server.Hosting;
using Tollgate.Server.Json;
using Tollgate.Server.Observability;
using Tollgate.Yaml;

namespace Tollgate.Server.Integrations;

/// <summary>
/// Argo Rollouts' web metric provider: <c>POST</c> (or <c>PUT</c>, which the provider also sends a <c>jsonBody</c> with)
/// <c>/api/v1/integrations/argo-rollouts/analysis</c> with <c>{"spec", "stableHash", "latestHash", "at"?}</c>; a
/// <c>GET</c> (the provider's default method, without a body) is a hold naming the fix. Always 2xx: Argo counts any other status as an Error and aborts
/// the rollout after a few, so an unknown spec, a bad body, Prometheus or the ledger down all answer <c>hold</c> with
/// the reason (the AnalysisTemplate maps hold to Inconclusive, which pauses: never a promote without a record).
/// </summary>
public static class ArgoRolloutsApi
{
    public const string Route = "/api/v1/integrations/argo-rollouts/analysis";

    /// <summary>The body's fields; any other is refused (a hold naming it), as the approvals route refuses one.</summary>
    private static readonly string[] Fields = ["spec", "stableHash", "latestHash", "at"];

    public static void Map(IEndpointRouteBuilder app, ServerState state)
    {
        var judging = new CanaryJudging(state);
        // Argo's web provider sends GET (its default), POST or PUT; a body (jsonBody) only with POST or PUT.
        // One operation per method: OpenAPI's operation ids are unique, and a client generator names its calls by them.
        foreach (var (method, name) in new[] { (HttpMethods.Post, "ArgoRolloutsAnalysis"), (HttpMethods.Put, "ArgoRolloutsAnalysisPut") })
        {
            app.MapMethods(Route, [method], (HttpRequest request) => AnalyseAsync(request.HttpContext, state, judging))
                .WithName(name)
                .WithTags("integrations")
                .WithSummary("Canary verdict for an Argo Rollouts AnalysisTemplate (web provider); always 2xx" + (method == HttpMethods.Put ? " (PUT, judged as POST)" : ""))
                .WithDescription("Body: {\"spec\": NAME, \"stableHash\": H, \"latestHash\": H, \"at\": RFC 3339 or Unix seconds (optional)}, read as JSON with Content-Type application/json (what Argo's jsonBody sends), none (a string body) or another JSON type; any other type is a hold naming the type to send, since a 415 would be an Error in Argo. Every answer is 200: what cannot be judged (an unknown spec, a bad body, Prometheus or the ledger down) is a hold with the reason and \"recorded\": false.")
                .AcceptsJson<ArgoAnalysisBody>()
                .Produces<VerdictAnswer>();
        }

        app.MapGet(Route, () => Hold(state, "", WithoutBody, counted: false))
            .WithName("ArgoRolloutsAnalysisWithoutBody")
            .WithTags("integrations")
            .WithSummary("Argo's web provider without method: POST (its default GET has no body): a hold naming the fix, 200 as Argo needs")
            .Produces<VerdictAnswer>();
    }

    /// <summary>The hold of a GET: Argo's web provider sends one when the metric sets no <c>method</c>, and then no body.</summary>
    public const string WithoutBody = "bad request: a GET carries no body to name the spec and hashes: set the metric's web provider to method: POST (or PUT) with jsonBody {spec, stableHash, latestHash}";

    private static async Task<IResult> AnalyseAsync(HttpContext http, ServerState state, CanaryJudging judging)
    {
        string spec = "";
        try
        {
            if (JsonMediaType.Refuse(http.Request) is { } unsupported)
            {
                // The 415 the other routes answer, as a hold: Argo counts any non-2xx as an Error.
                throw new UnsupportedBodyException(unsupported.Detail);
            }

            using var body = await JsonBody.ReadAsync(http.Request, state.Options.MaxBodyBytes);
            var root = JsonBody.Object(body);
            foreach (var field in root.EnumerateObject().Where(f => !Fields.Contains(f.Name, StringComparer.Ordinal)).Take(1))
            {
                // An ignored field would judge another analysis than the template means: "At" judged now, "lastestHash" no hash.
                throw new BadFieldException(field.Name, $"unknown field{KeySuggestion.Hint(field.Name, Fields)}");
            }

            spec = JsonBody.Text(root, "spec", "spec", required: true)!;
            var stable = JsonBody.Text(root, "stableHash", "stableHash");
            var latest = JsonBody.Text(root, "latestHash", "latestHash");
            var at = JsonBody.Time(root, "at", "at");
            if (state.Specs.Find(spec) is not { } served)
            {
                return Hold(state, spec, state.Specs.Unknown(spec), counted: false);
            }

            CanaryJudging.Validate(stable, latest, at, "", state.Clock.GetUtcNow(), served.Spec.Window);
            CanaryJudging.RequireHashes(served, stable, latest, "", "the body (the AnalysisTemplate's args)");

            var judged = await judging.JudgeAsync("argo-rollouts", served, stable, latest, at, RequestArrival.Of(http), http.RequestAborted);
            return judged.Report is not null ? new JsonText(judged.Utf8(state.Ledger)) : Hold(state, spec, judged.NotJudged!, counted: true);
        }
        catch (Exception e) when (e is InvalidInputException or BadFieldException or BodyTooLargeException or UnsupportedBodyException)
        {
            // A bad body, an unknown field value, a body too large: the template is wrong, and the rollout must wait for a fix.
            return Hold(state, spec, e is BadFieldException bad ? $"bad request: {bad.Message}" : e.Message, counted: false);
        }
    }

    /// <summary>
    /// A 200 <c>hold</c> with the reason, for everything that is not a judgement. A hold the judging has not
    /// <paramref name="counted"/> (an unknown spec, a bad body: the template is wrong) counts as a canary
    /// <c>not-judged</c> here, so the misconfiguration an operator most needs to see is on <c>/metrics</c>.
    /// </summary>
    private static JsonText Hold(ServerState state, string spec, string reason, bool counted)
    {
        if (!counted)
        {
            state.Metrics.Verdict("canary", "not-judged");
        }

        DecisionLog.NotDecided(state.Log, "argo-rollouts", spec, reason);
        return new JsonText(HoldAnswer.Utf8(spec, reason));
    }
}
