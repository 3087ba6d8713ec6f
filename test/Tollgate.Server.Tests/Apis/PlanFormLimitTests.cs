using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Apis;

/// <summary>
/// A form sent chunked (no Content-Length to refuse it by) that grows past <c>--max-body-size</c> is answered 413, as
/// every route answers a body too large, not 400 "not a multipart/form-data body that reads": the limit is met while a
/// part is read, or while the reader passes over the rest of one (rego=true and padding), and Kestrel's refusal is an
/// IOException the form reader took for a broken body.
/// </summary>
public sealed class PlanFormLimitTests
{
    [Theory]
    [InlineData("plan")]
    [InlineData("rego")]
    public async Task Form_ChunkedPastTheLimit_413(string part)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite(), configure: o => o with { MaxBodyBytes = 2048 });
        using var form = new MultipartFormDataContent();
        var padding = new string(' ', 8 * 1024);
        if (part == "plan")
        {
            form.Add(new StringContent("{\"format_version\":\"1.2\",\"resource_changes\":[]" + padding + "}", Encoding.UTF8, "application/json"), "plan", "plan.json");
        }
        else
        {
            form.Add(new StringContent("true" + padding), "rego");
            form.Add(new StringContent("{\"format_version\":\"1.2\",\"resource_changes\":[]}", Encoding.UTF8, "application/json"), "plan", "plan.json");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/plans") { Content = form };
        request.Headers.TransferEncodingChunked = true;

        // 8 KiB fits the socket buffers with room to spare: the client has sent it all by the time Kestrel answers, and reads the answer.
        using var answer = await server.Http.SendAsync(request);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();

        answer.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge, problem.ToString());
        problem.GetProperty("detail").GetString().ShouldBe("the request body is larger than 2 KiB (the server's --max-body-size)");
    }
}
