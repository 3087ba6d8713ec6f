using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Tollgate.Canary.Gate;
using Tollgate.Domain;
using Tollgate.Domain.Ledger;
using Tollgate.Ledger.Verdicts;
using Tollgate.Server.Hosting;
using Tollgate.Server.Json;
using Tollgate.Server.OpenApi;
using Tollgate.Yaml;

namespace Tollgate.Server.Apis;

/// <summary>
/// <c>GET /api/v1/verdicts</c> (filters <c>kind</c>, one of <see cref="VerdictQuery.Kinds"/> in any case, as
/// <c>tollgate verdicts --kind</c> takes it (<see cref="VerdictQuery.KindNamed"/>), <c>subject</c>,
/// <c>verdict</c> (pass, fail, review or hold, also in any case: <see cref="VerdictQuery.VerdictNamed"/>), <c>from</c>, <c>to</c>; newest first; <c>limit</c> per page, <c>next</c> is the cursor of the next
/// page) and <c>GET /api/v1/verdicts/{id}</c> (with findings).
/// </summary>
public static class VerdictsApi
{
    private const int DefaultLimit = VerdictQuery.DefaultLimit;
    private const int MaxLimit = VerdictQuery.MaxLimit;

    public static void Map(IEndpointRouteBuilder app, ServerState state)
    {
        app.MapMethods("/api/v1/verdicts", HealthApi.GetOrHead, (HttpRequest request) => ListAsync(request.HttpContext, state))
            .WithTags("verdicts")
            .WithSummary("Recorded verdicts, newest first, filtered and paged")
            .Produces<VerdictPage>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status503ServiceUnavailable)
            .Describe(operation => operation.Parameters = [.. QueryParameters()])
            .ReadOperations("ListVerdicts", "HeadVerdicts");
        app.MapMethods("/api/v1/verdicts/{id}", HealthApi.GetOrHead, (HttpContext http, string id) => FindAsync(http, id, state))
            .WithTags("verdicts")
            .WithSummary("One recorded verdict with its findings and the approvals it was judged with")
            .Produces<VerdictEntry>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable)
            .Describe(operation =>
            {
                if (operation.Parameters?.FirstOrDefault(p => p.Name == "id") is OpenApiParameter id)
                {
                    id.Description = "The verdict's id, a whole number as the list gives it; anything else is 400";
                    id.Schema = OperationDocs.Text("^[0-9]+$");
                }
            })
            .ReadOperations("GetVerdict", "HeadVerdict");
    }

    /// <summary>The filters <see cref="ListAsync"/> reads, for the OpenAPI document: all optional, each at most once, none empty.</summary>
    private static IEnumerable<OpenApiParameter> QueryParameters()
    {
        yield return OperationDocs.Query("kind", $"Only this kind of report, in any case: {string.Join(", ", VerdictQuery.Kinds)}", OperationDocs.Text());
        yield return OperationDocs.Query("subject", "Only this subject, exactly as recorded (a plan's path, a spec, fraud@3 → production)", OperationDocs.Text());
        yield return OperationDocs.Query("verdict", $"Only this verdict, in any case: {string.Join(", ", VerdictQuery.Verdicts)}", OperationDocs.Text());
        yield return OperationDocs.Query("from", "Recorded at or after: RFC 3339 (UTC when it names no offset) or Unix seconds", OperationDocs.Text());
        yield return OperationDocs.Query("to", "Recorded before: RFC 3339 (UTC when it names no offset) or Unix seconds; not before from", OperationDocs.Text());
        yield return OperationDocs.Query("limit", $"At most this many on the page (default {DefaultLimit})", new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Minimum = "1",
            Maximum = MaxLimit.ToString(CultureInfo.InvariantCulture),
            Default = DefaultLimit,
        });
        yield return OperationDocs.Query("cursor", "The next page: the next of the previous page", OperationDocs.Text("^[0-9]+$"));
    }

    /// <summary>The query parameters, the same as <see cref="QueryParameters"/> documents.</summary>
    private static readonly string[] Parameters = ["kind", "subject", "verdict", "from", "to", "limit", "cursor"];

    private static async Task<IResult> ListAsync(HttpContext http, ServerState state)
    {
        var q = http.Request.Query;
        // A misspelt filter (?verdcit=fail) or one given empty (?subject=$SUBJECT, unset) listed every verdict unfiltered.
        Hosting.QueryParameters.Check(q, Parameters);

        var limit = q["limit"].ToString() is { Length: > 0 } l
            ? int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxLimit ? n : throw new BadFieldException("limit", $"'{l}' is not a whole number from 1 to {MaxLimit}")
            : DefaultLimit;
        var query = new VerdictQuery(limit + 1)
        {
            Kind = Text(q["kind"]) is { } k ? VerdictQuery.KindNamed(k) ?? throw new BadFieldException("kind", VerdictQuery.NotAKind(k, KeySuggestion.For)) : null,
            Subject = Text(q["subject"]),
            Verdict = Text(q["verdict"]) is { } v ? VerdictQuery.VerdictNamed(v) ?? throw new BadFieldException("verdict", VerdictQuery.NotAVerdict(v, KeySuggestion.For)) : null,
            From = Time(q["from"], "from"),
            To = Time(q["to"], "to"),
            Before = Text(q["cursor"]) is { } c ? long.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw new BadFieldException("cursor", $"'{c}' is not a cursor this API gave") : null,
        };
        if (query.From is { } from && query.To is { } to && from > to)
        {
            throw new BadFieldException("from", $"{Rfc3339.Format(from)} is after to ({Rfc3339.Format(to)}): no verdict can be in that window");
        }

        var rows = await state.Ledger.VerdictsAsync(log => log.ListAsync(query, http.RequestAborted), http.RequestAborted);
        return new JsonText(VerdictJson.Page(rows, limit));
    }

    private static async Task<IResult> FindAsync(HttpContext http, string idText, ServerState state)
    {
        if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new BadFieldException("id", $"'{idText}' is not a verdict id");
        }

        var entry = await state.Ledger.VerdictsAsync(log => log.FindAsync(id, http.RequestAborted), http.RequestAborted);
        if (entry is null)
        {
            return Problem.NotFound($"no verdict {id} in this ledger");
        }

        var approvals = await state.Ledger.Ledger.ApprovalsForAsync(entry.Digest, http.RequestAborted);
        return new JsonText(VerdictJson.Entry(entry, VerdictJson.ApprovedBy(entry, approvals)));
    }

    private static string? Text(Microsoft.Extensions.Primitives.StringValues value) => value.ToString() is { Length: > 0 } text ? text : null;

    private static DateTimeOffset? Time(Microsoft.Extensions.Primitives.StringValues value, string field)
    {
        if (Text(value) is not { } text)
        {
            return null;
        }

        try
        {
            return CanaryTime.Parse(text);
        }
        catch (InvalidInputException e)
        {
            throw new BadFieldException(field, e.Message.Replace("--at ", "", StringComparison.Ordinal));
        }
    }
}
