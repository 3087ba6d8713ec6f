using Tollgate.Domain.Inputs;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Domain;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Server.Hosting;
using Tollgate.Server.Json;
using Tollgate.Server.Observability;
using Tollgate.Server.OpenApi;
using Tollgate.Terraform.Analysis;
using Tollgate.Yaml;

namespace Tollgate.Server.Apis;

/// <summary>
/// <c>POST /api/v1/approvals</c> with <c>{"plan": plan JSON, "scans"?: [scan results], "rego"?: true | "digest":
/// "sha256:…", "by", "reason"}</c>: the record <c>tollgate approve</c> makes, under the same policy (allowed approvers),
/// for a bearer token of <c>--token-file</c> whose name is <c>by</c>; a plan with <c>scans</c> and <c>rego</c> binds the
/// digest <c>approve PLAN --scan --rego</c> binds (<see cref="PlanReviewInputs"/>). No or a wrong token is 401 before
/// the body is read, and nothing is recorded. A field the route does not know is 400, never ignored: an ignored
/// <c>scan</c> would approve another digest than the client means. The same approval sent twice, or to two replicas at
/// once, is one record.
/// </summary>
public static class ApprovalsApi
{
    private static readonly string[] Fields = ["plan", "digest", "by", "reason", PlanReviewInputs.Scans, PlanReviewInputs.Rego];

    public static void Map(IEndpointRouteBuilder app, ServerState state)
    {
        app.MapPost("/api/v1/approvals", (HttpRequest request) => ApproveAsync(request.HttpContext, state))
            .WithName("Approve")
            .WithTags("approvals")
            .WithSummary("Record a review of exactly this plan or report digest (bearer token)")
            .AcceptsJson<ApprovalBody>()
            .Produces<ApprovalAnswer>(StatusCodes.Status201Created)
            .ProducesProblems(
                StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status500InternalServerError, StatusCodes.Status503ServiceUnavailable)
            .RequiresApproverToken();
    }

    private static async Task<IResult> ApproveAsync(HttpContext http, ServerState state)
    {
        var who = state.Tokens.Authenticate(http.Request.Headers.Authorization);
        if (who is null)
        {
            var why = state.Tokens.Enabled ? "a bearer token of --token-file is required" : "this server has no --token-file: approvals over HTTP are off";
            DecisionLog.Refused(state.Log, why);
            return Problem.Unauthorized(why);
        }

        if (JsonMediaType.Refuse(http.Request) is { } unsupported)
        {
            return unsupported;
        }

        using var body = await JsonBody.ReadAsync(http.Request, state.Options.MaxBodyBytes);
        var root = JsonBody.Object(body);
        foreach (var field in root.EnumerateObject().Where(f => !Fields.Contains(f.Name, StringComparer.Ordinal)).Take(1))
        {
            throw new BadFieldException(field.Name, $"unknown field{KeySuggestion.Hint(field.Name, Fields)}");
        }

        var by = JsonBody.Text(root, "by", "by", required: true)!;
        var reason = JsonBody.Text(root, "reason", "reason", required: true)!;
        if (!string.Equals(by, who, StringComparison.Ordinal))
        {
            DecisionLog.Refused(state.Log, $"the token of {who} was used to approve as {by}");
            return new Problem(StatusCodes.Status403Forbidden, "Forbidden", $"by: this token is {who}'s; it cannot approve as {by}") { Field = "by" };
        }

        var hasPlan = root.TryGetProperty("plan", out var plan) && plan.ValueKind != JsonValueKind.Null;
        var digest = JsonBody.Text(root, "digest", "digest");
        if (hasPlan == (digest is not null))
        {
            throw new BadFieldException(hasPlan ? "digest" : "plan", "give either plan (the plan JSON) or digest (sha256:…), not both");
        }

        if (digest is not null && PlanReviewInputs.Given(root))
        {
            throw new BadFieldException(PlanReviewInputs.Scans, "scans and rego go with a plan, not with digest (the recorded report's digest already binds its findings)");
        }

        if (digest is not null && !ApprovalTarget.IsDigest(digest))
        {
            throw new BadFieldException("digest", $"'{digest}' is not a report digest (sha256: and 64 lowercase hex digits)");
        }

        ApprovalTarget target;
        if (hasPlan)
        {
            target = await PlanTargetAsync(plan, root, state, http);
        }
        else
        {
            try
            {
                target = await ApprovalTarget.RecordedAsync(digest!, state.Ledger.Ledger, state.Policy, state.Options.Rules.Rules, state.Clock, http.RequestAborted);
            }
            catch (InvalidInputException e) when (e.Message.StartsWith("no report with digest", StringComparison.Ordinal))
            {
                return Problem.NotFound(e.Message);
            }
        }

        var approval = new Approval(target.Digest, by, reason, state.Clock.GetUtcNow(), target.Subject);
        var id = await state.Ledger.Ledger.ApproveAsync(approval, http.RequestAborted);
        approval = await RecordedAsync(approval, state, http.RequestAborted);
        DecisionLog.Approved(state.Log, target.Digest, by, id);
        return new JsonText(Answer(id, approval, target, target.Needs(state.Policy, approval)), StatusCodes.Status201Created);
    }

    /// <summary>
    /// The approval as the ledger holds it: a repeat (the same digest, approver and reason) is the first record, whose
    /// time the answer carries, not the repeat's.
    /// </summary>
    private static async Task<Approval> RecordedAsync(Approval approval, ServerState state, CancellationToken cancellationToken) =>
        (await state.Ledger.Ledger.ApprovalsForAsync(approval.Digest, cancellationToken))
            .FirstOrDefault(a => a.By == approval.By && a.Reason == approval.Reason) ?? approval;

    /// <summary>
    /// The plan in the body, as <c>tollgate approve PLAN --scan … --rego …</c> reads a file: written to a private
    /// directory, read, deleted; its scans read once from the body (<see cref="PlanReviewInputs.Request"/>).
    /// </summary>
    private static async Task<ApprovalTarget> PlanTargetAsync(JsonElement plan, JsonElement root, ServerState state, HttpContext http)
    {
        var cancellationToken = http.RequestAborted;
        if (plan.ValueKind != JsonValueKind.Object)
        {
            throw new BadFieldException("plan", $"expected the plan JSON object (terraform show -json), found {JsonKind.Of(plan)}");
        }

        var request = PlanReviewInputs.Request(root, state.Options);
        using var upload = PlanUpload.Create(http);
        upload.Name(PlanUpload.FileName, PlanUpload.FileName);
        await upload.WriteAsync(plan, cancellationToken);
        try
        {
            return await PlanApproval.TargetAsync(request, state.Context(upload.Directory, cancellationToken));
        }
        catch (InvalidInputException e) when (!e.ToolFault && !e.LedgerFault)
        {
            // A plan that does not read blames plan; conftest or opa failing, or the ledger, is the server's (500, 503).
            throw new BadFieldException("plan", upload.Hide(e.Message));
        }
    }

    private static string Answer(long id, Approval approval, ApprovalTarget target, IReadOnlyList<Domain.Policies.ReviewNeed> needs)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("id", id);
            w.WriteString("digest", approval.Digest);
            w.WriteString("subject", approval.Subject);
            w.WriteString("by", approval.By);
            w.WriteString("reason", approval.Reason);
            w.WriteString("at", approval.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture)); // as a report writes it (ReportJson)
            w.WriteStartArray("covers");
            foreach (var address in target.Covered())
            {
                w.WriteStringValue(address);
            }

            w.WriteEndArray();
            w.WriteStartArray("stillFailing");
            foreach (var finding in target.Failing)
            {
                w.WriteStartObject();
                w.WriteString("rule", finding.Rule);
                w.WriteString("address", finding.Address);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("notCountedFor");
            foreach (var need in ApprovalTarget.Refused(needs))
            {
                w.WriteStartObject();
                w.WriteString("address", need.Address);
                w.WriteStartArray("allowed");
                foreach (var allowed in need.Allowed!)
                {
                    w.WriteStringValue(allowed);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
