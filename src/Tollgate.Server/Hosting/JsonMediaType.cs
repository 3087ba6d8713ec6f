using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace Tollgate.Server.Hosting;

/// <summary>
/// Which request bodies the JSON routes read as JSON. No <c>Content-Type</c>, <c>application/json</c> or any
/// <c>+json</c> type is JSON; so are <c>application/x-www-form-urlencoded</c> (what <c>curl -d</c> sends unless told
/// otherwise) and <c>text/plain</c> (a browser's <c>fetch</c> of a string): no route takes a form, and the body is
/// still parsed as JSON, so a real form is a 400 saying it is not JSON. Anything else (multipart, XML, a binary file)
/// is a 415 problem naming the type and the one to send. The check is the handler's, after authentication, not
/// routing's: ASP.NET Core's <c>Accepts</c> metadata would answer an empty 415 before the token is looked at, so the
/// routes describe their body to OpenAPI with <see cref="AcceptsJson{TBody}"/> instead.
/// </summary>
public static class JsonMediaType
{
    /// <summary>A 415 problem when the request's <c>Content-Type</c> is not one read as JSON (or one of <paramref name="also"/>), else null.</summary>
    public static Problem? Refuse(HttpRequest request, params string[] also)
    {
        if (string.IsNullOrWhiteSpace(request.ContentType))
        {
            return null;
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.MediaType.Value is not { } name)
        {
            return Unsupported($"Content-Type '{request.ContentType}' is not a media type: send the body as JSON with Content-Type: application/json");
        }

        var json = name.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            || name.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || name.Equals("text/plain", StringComparison.OrdinalIgnoreCase)
            || also.Contains(name, StringComparer.OrdinalIgnoreCase);
        return json ? null : Unsupported($"the body is read as JSON, not {name}: send it with Content-Type: application/json");
    }

    /// <summary>Describes the JSON body to OpenAPI (<c>requestBody</c>, required) without routing metadata that would refuse other types first.</summary>
    public static RouteHandlerBuilder AcceptsJson<TBody>(this RouteHandlerBuilder builder, params string[] contentTypes) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(TBody), null, cancellationToken);
            var content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal);
            foreach (var type in contentTypes.Length == 0 ? ["application/json"] : contentTypes)
            {
                content[type] = new OpenApiMediaType { Schema = schema };
            }

            operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };
        });

    private static Problem Unsupported(string detail) => new(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail);
}
