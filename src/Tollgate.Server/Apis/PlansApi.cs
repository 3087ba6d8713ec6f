using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Domain;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Verdicts;
using Tollgate.Reports;
using Tollgate.Server.Hosting;
using Tollgate.Server.Json;
using Tollgate.Server.Observability;
using Tollgate.Server.OpenApi;
using Tollgate.Terraform.Analysis;
using Microsoft.OpenApi;

namespace Tollgate.Server.Apis;

/// <summary>
/// <c>POST /api/v1/plans?format=json|markdown|sarif</c>: the plan gate as a service, for a CI job without the binary.
/// The body is plan JSON (<c>terraform show -json</c>; a binary plan would need terraform here, so it is refused), or a
/// <c>multipart/form-data</c> form with the plan and what else <c>tollgate plan</c> takes (<see cref="PlanForm"/>:
/// scan results, a policy, the server's Rego), streamed to a private directory and read as <c>tollgate plan</c> reads
/// its files, so the same inputs give the same verdict and findings; the verdict is recorded and answered in the
/// format asked for, with the status 200 and the verdict in the <c>Tollgate-Verdict</c> header. No answer names the
/// private directory (<see cref="PlanUpload.Hide"/>).
/// </summary>
public static class PlansApi
{
    /// <summary>The answer's header that carries the verdict in every format.</summary>
    public const string VerdictHeader = "Tollgate-Verdict";

    public static void Map(IEndpointRouteBuilder app, ServerState state)
    {
        app.MapPost("/api/v1/plans", (HttpContext http, string? format) => JudgeAsync(http, format, state))
            .WithName("JudgePlan")
            .WithTags("plans")
            .WithSummary("Gate a Terraform plan JSON, alone or as a form with scan results, a policy and rego; the report as json (default), markdown or sarif")
            .AcceptsJson<System.Text.Json.JsonElement>()
            .AcceptsPlanForm()
            .Produces<VerdictAnswer>()
            .ProducesProblems(
                StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType,
                StatusCodes.Status500InternalServerError, StatusCodes.Status503ServiceUnavailable)
            .Describe(DescribeAnswers);
    }

    /// <summary>The formats a report is answered in (<c>?format=</c>) and the verdict's header, for the OpenAPI document.</summary>
    private static void DescribeAnswers(OpenApiOperation operation)
    {
        if (operation.Parameters?.FirstOrDefault(p => p.Name == "format") is OpenApiParameter format)
        {
            format.Description = "The report's format: json (the report JSON, the default), markdown (text/markdown) or sarif (application/sarif+json)";
            format.Schema = OperationDocs.Text(null, "json", "markdown", "sarif");
        }

        var ok = OperationDocs.Response(operation, StatusCodes.Status200OK);
        ok.Description = "The verdict, recorded, as the report in the format asked for";
        ok.Content ??= new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
        ok.Content["text/markdown"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "?format=markdown: the Markdown report (a pull-request comment)" } };
        ok.Content["application/sarif+json"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "?format=sarif: a SARIF 2.1.0 log" } };
        ok.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
        ok.Headers[VerdictHeader] = new OpenApiHeader
        {
            Description = "The verdict, whatever the format",
            Required = true,
            Schema = OperationDocs.Text(null, [.. VerdictQuery.Verdicts]),
        };
    }

    /// <summary>The query parameters the route reads.</summary>
    private static readonly string[] Parameters = ["format"];

    private static async Task<IResult> JudgeAsync(HttpContext http, string? format, ServerState state)
    {
        // ?fromat=markdown answered the JSON report: the pull-request comment the CI job wanted was never made.
        QueryParameters.Check(http.Request.Query, Parameters);
        format ??= "json";
        if (format is not ("json" or "markdown" or "sarif"))
        {
            throw new BadFieldException("format", $"'{format}' is not json, markdown or sarif");
        }

        var form = PlanForm.Is(http.Request);
        if (!form && JsonMediaType.Refuse(http.Request) is { } unsupported)
        {
            return unsupported;
        }

        ContentEncoding.Refuse(http.Request);
        if (http.Request.ContentLength > state.Options.MaxBodyBytes)
        {
            throw new BodyTooLargeException(state.Options.MaxBodyBytes);
        }

        using var upload = PlanUpload.Create(http);
        PlanRequest request;
        Domain.Policies.Policy? policy = null;
        if (form)
        {
            (request, policy) = await PlanForm.ReadAsync(http.Request, upload, state.Options, http.RequestAborted);
        }
        else
        {
            upload.Name(PlanUpload.FileName, PlanUpload.FileName);
            await upload.WriteAsync(http.Request.Body, state.Options.MaxBodyBytes, http.RequestAborted);
            request = new PlanRequest(PlanUpload.FileName);
        }

        var field = form ? PlanForm.Plan : "body";
        RefuseAnythingButJson(Path.Combine(upload.Directory, request.Plan), field);
        var started = Stopwatch.GetTimestamp();
        Report report;
        try
        {
            report = await new PlanGate().RunAsync(request, state.Context(upload.Directory, http.RequestAborted) with { Policy = policy ?? state.Policy });
        }
        catch (InvalidInputException e) when (!e.LedgerFault && !e.ToolFault)
        {
            throw new BadFieldException(field, upload.Hide(e.Message));
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        state.Metrics.Verdict(report.Kind, report.Verdict.WireName());
        state.Metrics.Judged(report.Kind, elapsed);
        DecisionLog.Decision(state.Log, "plans", report.Digest, report.Verdict.WireName(), Math.Round(elapsed.TotalMilliseconds, 2), report.Reason);
        http.Response.Headers[VerdictHeader] = report.Verdict.WireName();
        return format switch
        {
            "markdown" => new JsonText(MarkdownReport.Render(report), contentType: "text/markdown; charset=utf-8"),
            "sarif" => new JsonText(SarifReport.Render(report, state.Options.Rules, upload.Directory, uploaded: true), contentType: "application/sarif+json"),
            _ => new JsonText(ReportJson.Serialize(report)),
        };
    }

    private static void RefuseAnythingButJson(string path, string field)
    {
        using var file = File.OpenRead(path);
        // A UTF-8 byte order mark is skipped, as the command line skips it.
        var b = file.ReadByte();
        if (b == 0xEF && file.ReadByte() == 0xBB && file.ReadByte() == 0xBF)
        {
            b = file.ReadByte();
        }

        while (b is ' ' or '\t' or '\r' or '\n')
        {
            b = file.ReadByte();
        }

        if (b != '{')
        {
            throw new BadFieldException(field, b < 0 ? "empty: expected a plan JSON object (terraform show -json)" : "not a plan JSON object (terraform show -json); binary plan files are not accepted here");
        }
    }

    /// <summary>Describes the form to OpenAPI beside the JSON body: the parts <see cref="PlanForm"/> reads.</summary>
    private static RouteHandlerBuilder AcceptsPlanForm(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            static OpenApiSchema File(string description) => new() { Type = JsonSchemaType.String, Format = "binary", Description = description };
            var schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string>(StringComparer.Ordinal) { PlanForm.Plan },
                Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                {
                    [PlanForm.Plan] = File("The plan JSON (terraform show -json), as tollgate plan PLAN"),
                    [PlanForm.Scan] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = File("A scan result (SARIF, Checkov, tfsec, Trivy or Conftest JSON), as --scan FILE"), Description = "Repeatable" },
                    [PlanForm.Policy] = File("The policy (tollgate.yaml) to apply instead of the server's, as --policy FILE"),
                    [PlanForm.Rego] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "true: run the server's own --rego DIR policies, as --rego DIR" },
                },
            };
            var content = new Dictionary<string, OpenApiMediaType>(operation.RequestBody?.Content ?? new Dictionary<string, OpenApiMediaType>(), StringComparer.Ordinal)
            {
                ["multipart/form-data"] = new OpenApiMediaType { Schema = schema },
            };
            operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };
            return Task.CompletedTask;
        });
}
