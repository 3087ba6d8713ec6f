using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Server.Hosting;

/// <summary>
/// An RFC 9457 problem answer (<c>application/problem+json</c>), written directly so it needs no reflection: status,
/// title, the one-line detail, and the <c>field</c> at fault when a field is.
/// </summary>
public sealed class Problem(int status, string title, string detail) : IResult
{
    public string? Field { get; init; }

    public int Status => status;

    public string Detail => detail;

    /// <summary>The same problem with another detail (the same status, title and field).</summary>
    public Problem WithDetail(string newDetail) => new(status, title, newDetail) { Field = Field };

    public static Problem BadField(BadFieldException e) => new(StatusCodes.Status400BadRequest, "Bad request", e.Message) { Field = e.Field };

    public static Problem NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not found", detail);

    public static Problem Unauthorized(string detail) => new(StatusCodes.Status401Unauthorized, "Unauthorized", detail);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        response.ContentType = "application/problem+json";
        if (status == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Bearer";
        }

        await using var w = new Utf8JsonWriter(response.Body, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("type", $"https://httpstatuses.io/{status}");
        w.WriteString("title", title);
        w.WriteNumber("status", status);
        w.WriteString("detail", detail);
        if (Field is not null)
        {
            w.WriteString("field", Field);
        }

        w.WriteString("instance", httpContext.Request.Path);
        w.WriteEndObject();
        await w.FlushAsync();
    }
}
