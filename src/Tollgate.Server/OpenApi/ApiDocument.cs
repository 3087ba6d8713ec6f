using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Tollgate.Server.OpenApi;

/// <summary>
/// What the OpenAPI document at <c>/openapi/v1.json</c> says beyond the routes' own metadata: one server, <c>/</c>,
/// relative to where the document is served (the server trusts no forwarded headers, so a URL built from the request's
/// Host and scheme, as ASP.NET Core writes it, was a guess: <c>http://</c> behind a TLS proxy; <c>/</c> is OpenAPI's
/// default when no server is given, written out), the approvers' bearer scheme (only the operations marked <see cref="OperationDocs.RequiresApproverToken"/>
/// ask for it; every other is open, <c>security: [{}]</c>), the event senders' when the server has
/// <c>--events-token-file</c> (then asked by <c>POST /api/v1/events</c>), the tags' descriptions, and the body and answer schemas
/// refined where a record cannot say it (<see cref="SchemaFacts"/>).
/// </summary>
public static class ApiDocument
{
    /// <summary>The security scheme of the approvers' tokens (<c>--token-file</c>).</summary>
    public const string BearerScheme = "approverToken";

    /// <summary>The security scheme of the event senders' tokens (<c>--events-token-file</c>), declared when the server has them.</summary>
    public const string EventsScheme = "eventsToken";

    /// <summary>The one server's description.</summary>
    public const string Here = "This server: relative to the address this document was fetched from (no host or scheme is guessed; tollgate serve trusts no X-Forwarded-* headers)";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["integrations"] = "Argo Rollouts' web metric and Flagger's webhooks: the canary gate for a controller",
        ["approvals"] = "Reviews of exactly one plan or report digest, as tollgate approve records them",
        ["plans"] = "The Terraform plan gate for CI jobs without the binary",
        ["verdicts"] = "What the ledger recorded, as tollgate verdicts lists it",
        ["events"] = "Deploy, incident and change events into the delivery store, as tollgate events ingest",
        ["health"] = "Probes and Prometheus metrics",
    };

    /// <summary>The document of a server whose events route requires a token (<paramref name="eventTokens"/>) or not.</summary>
    public static void Configure(OpenApiOptions options, bool eventTokens)
    {
        options.AddSchemaTransformer(SchemaFacts.RefineAsync);
        options.AddDocumentTransformer((document, _, _) =>
        {
            Finish(document, eventTokens);
            return Task.CompletedTask;
        });
    }

    private static void Finish(OpenApiDocument document, bool eventTokens)
    {
        document.Servers = [new OpenApiServer { Url = "/", Description = Here }];
        document.Info.Description = "tollgate serve: the gates of the tollgate command line over HTTP (docs/serve.md). Errors are RFC 9457 problems.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An approver's token from tollgate serve --token-file (one NAME TOKEN per line); the body's by must be that NAME. Without --token-file every such request is 401.",
        };
        if (eventTokens)
        {
            document.Components.SecuritySchemes[EventsScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An event sender's token from tollgate serve --events-token-file (one NAME TOKEN per line): this server records deploy, incident and change events only from a holder of one; anything else is 401.",
            };
        }

        // One empty requirement: no credentials, unless an operation asks for the bearer scheme itself.
        document.Security = [new OpenApiSecurityRequirement()];
        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }
    }
}
