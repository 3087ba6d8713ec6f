using Microsoft.AspNetCore.Http;

namespace Tollgate.Server.Hosting;

/// <summary>A JSON text already written (a report from <c>ReportJson</c>), answered with a status.</summary>
public sealed class JsonText : IResult
{
    private readonly ReadOnlyMemory<byte> _utf8;
    private readonly string _contentType;

    public JsonText(string json, int status = StatusCodes.Status200OK, string contentType = "application/json; charset=utf-8")
        : this(System.Text.Encoding.UTF8.GetBytes(json), status, contentType)
    {
    }

    /// <summary>UTF-8 bytes written once and answered as they are.</summary>
    public JsonText(ReadOnlyMemory<byte> utf8, int status = StatusCodes.Status200OK, string contentType = "application/json; charset=utf-8")
    {
        _utf8 = utf8;
        Status = status;
        _contentType = contentType;
    }

    public int Status { get; }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = Status;
        httpContext.Response.ContentType = _contentType;
        httpContext.Response.ContentLength = _utf8.Length;
        return httpContext.Response.Body.WriteAsync(_utf8, httpContext.RequestAborted).AsTask();
    }
}
