using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using System.Text.Json.Nodes;
using Tollgate.Ledger.Verdicts;
using Tollgate.Server.Json;

namespace Tollgate.Server.OpenApi;

/// <summary>
/// What a body's or answer's record cannot say of itself, added to its schema: the approval body needs exactly one of a plan or a
/// digest (null is absent) and takes no other field, the Argo body's <c>at</c> is text or a number, a problem's <c>field</c> is a
/// string when present (never null), a verdict is one of the four, an entry's approvalsRead and approverPath may be null.
/// </summary>
internal static class SchemaFacts
{
    public static Task RefineAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is not null)
        {
            return Task.CompletedTask;
        }

        var type = context.JsonTypeInfo.Type;
        if (type == typeof(ApprovalBody))
        {
            Approval(schema);
        }
        else if (type == typeof(ArgoAnalysisBody))
        {
            Argo(schema);
        }
        else if (type == typeof(VerdictAnswer) || type == typeof(ListedVerdict) || type == typeof(VerdictEntry))
        {
            Property(schema, "verdict").Enum = [.. VerdictQuery.Verdicts.Select(v => (JsonNode)JsonValue.Create(v))];
            if (type == typeof(VerdictEntry))
            {
                Property(schema, "approvalsRead").Type = JsonSchemaType.Boolean | JsonSchemaType.Null;
                Property(schema, "approvalsRead").Description = "Whether its gate read the digest's approvals (a finding asked for a review); null for a verdict recorded before ledger step 0014";
                Property(schema, "approverPath").Type = JsonSchemaType.String | JsonSchemaType.Null;
                Property(schema, "approverPath").Description = "The path approvers' path: globs were matched against; null when none was, and for a verdict recorded before ledger step 0014";
            }
        }
        else if (type == typeof(ProblemAnswer))
        {
            Property(schema, "field").Type = JsonSchemaType.String;
            Property(schema, "field").Description = "The request field at fault (a body field such as spec or metadata.latestHash, a query parameter, id); present only when one is";
        }

        return Task.CompletedTask;
    }

    private static void Approval(OpenApiSchema schema)
    {
        schema.Description = "Exactly one of plan (the plan JSON) or digest (a recorded report's digest), with by and reason; scans and rego only with plan. Any other field is refused (400).";
        schema.AdditionalPropertiesAllowed = false;
        // Exactly one of the two carries a value: the server reads a null plan or digest as absent.
        schema.OneOf = [Carries("plan", JsonSchemaType.Object, besides: "digest"), Carries("digest", JsonSchemaType.String, besides: "plan")];
        Property(schema, "plan").Type = JsonSchemaType.Object | JsonSchemaType.Null;
        Property(schema, "digest").Pattern = "^sha256:[0-9a-f]{64}$";
        Property(schema, "digest").Description = "The digest of a recorded report that asked for a review";
        Property(schema, "plan").Description = "The plan JSON (terraform show -json) to approve exactly";
        Property(schema, "scans").Description = "With plan: the scan results it was reviewed with, each the JSON a scanner wrote (never a path)";
        Property(schema, "rego").Description = "With plan: true when it was reviewed with the server's own Rego policies (tollgate serve --rego DIR)";
        Property(schema, "by").Description = "Who approves: the NAME of the bearer token";
        Property(schema, "reason").Description = "Why the change is intended";
    }

    private static void Argo(OpenApiSchema schema)
    {
        schema.Description = "Read as JSON whatever its Content-Type; any other field is a hold naming it (the route always answers 200).";
        schema.AdditionalPropertiesAllowed = false;
        schema.Properties!["at"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String | JsonSchemaType.Number | JsonSchemaType.Null,
            Description = "The end of the window judged: RFC 3339 text or Unix seconds (default: now)",
        };
        foreach (var hash in (string[])["stableHash", "latestHash"])
        {
            Property(schema, hash).Pattern = "^[A-Za-z0-9._-]{1,63}$";
        }
    }

    /// <summary>A branch where <paramref name="property"/> is present with a value of <paramref name="type"/> and <paramref name="besides"/> is absent or null.</summary>
    private static OpenApiSchema Carries(string property, JsonSchemaType type, string besides) => new()
    {
        Required = new HashSet<string>(StringComparer.Ordinal) { property },
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            [property] = new OpenApiSchema { Type = type },
            [besides] = new OpenApiSchema { Type = JsonSchemaType.Null },
        },
    };

    private static OpenApiSchema Property(OpenApiSchema schema, string name) =>
        schema.Properties?.TryGetValue(name, out var property) == true && property is OpenApiSchema concrete
            ? concrete
            : throw new InvalidOperationException($"the schema of {name} is not an inline schema");
}
