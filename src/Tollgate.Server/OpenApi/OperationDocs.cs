using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using Tollgate.Server.Json;

namespace Tollgate.Server.OpenApi;

/// <summary>
/// What a route says of itself in the OpenAPI document where its metadata cannot: a read's <c>HEAD</c> operation
/// named apart from its <c>GET</c>, the bearer token, problem answers, and any other fact a route describes
/// (<see cref="Describe"/>: query parameters, content types, headers).
/// </summary>
public static class OperationDocs
{
    /// <summary>
    /// A read mapped for GET and HEAD (<see cref="Apis.HealthApi.GetOrHead"/>): the GET operation is
    /// <paramref name="getId"/>, the HEAD <paramref name="headId"/> (operationIds are unique among all operations), and
    /// the HEAD's answers have no content (Kestrel sends no body). Last in a route's chain, after what describes the GET.
    /// </summary>
    public static RouteHandlerBuilder ReadOperations(this RouteHandlerBuilder builder, string getId, string headId) =>
        builder.WithName(getId).AddOpenApiOperationTransformer((operation, context, _) =>
        {
            if (HttpMethods.IsHead(context.Description.HttpMethod ?? ""))
            {
                operation.OperationId = headId;
                foreach (var (status, response) in operation.Responses?.ToList() ?? [])
                {
                    operation.Responses![status] = new OpenApiResponse { Description = response.Description, Headers = response.Headers };
                }
            }

            return Task.CompletedTask;
        });

    /// <summary>The operation needs an approver's bearer token (<see cref="ApiDocument.BearerScheme"/>).</summary>
    public static RouteHandlerBuilder RequiresApproverToken(this RouteHandlerBuilder builder) => builder.RequiresToken(ApiDocument.BearerScheme);

    /// <summary>The operation needs a bearer token of <paramref name="scheme"/> (one of <see cref="ApiDocument"/>'s).</summary>
    public static RouteHandlerBuilder RequiresToken(this RouteHandlerBuilder builder, string scheme) =>
        builder.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] }];
            return Task.CompletedTask;
        });

    /// <summary>Each status answers an RFC 9457 problem (<see cref="ProblemAnswer"/>, <c>application/problem+json</c>).</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Produces<ProblemAnswer>(status, "application/problem+json");
        }

        return builder;
    }

    /// <summary>Describes what the route's metadata cannot, on the operation the document built.</summary>
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder builder, Action<OpenApiOperation> describe) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            describe(operation);
            return Task.CompletedTask;
        });

    /// <summary>The operation's answer with <paramref name="status"/>, made when the metadata declared none.</summary>
    public static OpenApiResponse Response(OpenApiOperation operation, int status)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.TryGetValue(key, out var found) && found is OpenApiResponse response)
        {
            return response;
        }

        response = new OpenApiResponse { Description = ReasonPhrases.GetReasonPhrase(status) };
        operation.Responses[key] = response;
        return response;
    }

    /// <summary>A query parameter, never required.</summary>
    public static OpenApiParameter Query(string name, string description, OpenApiSchema schema) =>
        new() { Name = name, In = ParameterLocation.Query, Description = description, Schema = schema };

    /// <summary>A string with a description and, when the answer is one of a few words, those words.</summary>
    public static OpenApiSchema Text(string? pattern = null, params string[] words) => new()
    {
        Type = JsonSchemaType.String,
        Pattern = pattern,
        Enum = words.Length == 0 ? null : [.. words.Select(w => (System.Text.Json.Nodes.JsonNode)w)],
    };
}
