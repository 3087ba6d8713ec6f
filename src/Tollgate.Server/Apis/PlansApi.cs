using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Domain;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Reports;
using Tollgate.Server.Hosting;
using Tollgate.Server.Json;
using Tollgate.Server.Observability;
using Tollgate.Terraform.Analysis;

namespace Tollgate.Server.Apis;

/// <summary>
/// <c>POST /api/v1/plans?format=json|markdown|sarif</c>: the plan gate as a service, for a CI job without the binary.
/// The body is plan JSON (<c>terraform show -json</c>; a binary plan would need terraform here, so it is refused),
/// streamed to a private file and read as <c>tollgate plan</c> reads one; the verdict is recorded and answered in the
/// format asked for, with the status 200 and the verdict in the <c>Tollgate-Verdict</c> header.
/// </summary>
public static class PlansApi
{
    public static void Map(IEndpointRouteBuilder app, ServerState state)
    {
        app.MapPost("/api/v1/plans", (HttpContext http, string? format) => JudgeAsync(http, format, state))
            .WithName("JudgePlan")
            .WithTags("plans")
            .WithSummary("Gate a Terraform plan JSON; the report as json (default), markdown or sarif")
            .AcceptsJson<System.Text.Json.JsonElement>()
            .Produces<VerdictAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> JudgeAsync(HttpContext http, string? format, ServerState state)
    {
        format ??= "json";
        if (format is not ("json" or "markdown" or "sarif"))
        {
            throw new BadFieldException("format", $"'{format}' is not json, markdown or sarif");
        }

        if (JsonMediaType.Refuse(http.Request) is { } unsupported)
        {
            return unsupported;
        }

        if (http.Request.ContentLength > state.Options.MaxBodyBytes)
        {
            throw new BodyTooLargeException(state.Options.MaxBodyBytes);
        }

        using var upload = PlanUpload.Create();
        await upload.WriteAsync(http.Request.Body, state.Options.MaxBodyBytes, http.RequestAborted);
        RefuseAnythingButJson(upload.Path);
        var started = Stopwatch.GetTimestamp();
        Report report;
        try
        {
            report = await new PlanGate().RunAsync(new PlanRequest(PlanUpload.FileName), state.Context(upload.Directory, http.RequestAborted));
        }
        catch (InvalidInputException e) when (!IsLedger(e))
        {
            throw new BadFieldException("body", e.Message.Replace(upload.Directory + "/", "", StringComparison.Ordinal));
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        state.Metrics.Verdict(report.Kind, report.Verdict.WireName());
        state.Metrics.Judged(report.Kind, elapsed);
        DecisionLog.Decision(state.Log, "plans", report.Digest, report.Verdict.WireName(), Math.Round(elapsed.TotalMilliseconds, 2), report.Reason);
        http.Response.Headers["Tollgate-Verdict"] = report.Verdict.WireName();
        return format switch
        {
            "markdown" => new JsonText(MarkdownReport.Render(report), contentType: "text/markdown; charset=utf-8"),
            "sarif" => new JsonText(SarifReport.Render(report, state.Options.Rules, upload.Directory), contentType: "application/sarif+json"),
            _ => new JsonText(ReportJson.Serialize(report)),
        };
    }

    private static bool IsLedger(InvalidInputException e) => e.LedgerFault;

    private static void RefuseAnythingButJson(string path)
    {
        using var file = File.OpenRead(path);
        int b;
        while ((b = file.ReadByte()) is ' ' or '\t' or '\r' or '\n')
        {
        }

        if (b != '{')
        {
            throw new BadFieldException("body", b < 0 ? "empty: expected a plan JSON object (terraform show -json)" : "not a plan JSON object (terraform show -json); binary plan files are not accepted here");
        }
    }
}
