using Microsoft.AspNetCore.Http;

namespace Tollgate.Server.Hosting;

/// <summary>A JSON text already written (a report from <c>ReportJson</c>), answered with a status.</summary>
public sealed class JsonText(string json, int status = StatusCodes.Status200OK, string contentType = "application/json; charset=utf-8") : IResult
{
    public int Status => status;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        httpContext.Response.ContentType = contentType;
        return httpContext.Response.WriteAsync(json, httpContext.RequestAborted);
    }
}
