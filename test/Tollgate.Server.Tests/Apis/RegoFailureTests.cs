using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Apis;

/// <summary>
/// The server's Rego policies failing to run for an approval with <c>"rego": true</c> (opa exits non-zero with
/// nothing on standard output, or prints something that is not its JSON) is the server's fault: 500 with opa's one-line
/// reason, no <c>field</c> blaming the plan, and no approval recorded. A stand-in <c>opa</c> on PATH fails.
/// </summary>
[Collection(RegoOnPathCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RegoFailureTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-rego-failure-").FullName;
    private readonly string _bin = Directory.CreateTempSubdirectory("tollgate-path-").FullName;
    private readonly string? _path = Environment.GetEnvironmentVariable("PATH");

    public RegoFailureTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "policies"));
        File.WriteAllText(Path.Combine(_dir, "policies", "inputs.rego"), "package terraform.inputs\n");
        Environment.SetEnvironmentVariable("PATH", _bin + Path.PathSeparator + _path);
    }

    private void Opa(string script)
    {
        var opa = Path.Combine(_bin, "opa");
        File.WriteAllText(opa, "#!/bin/sh\n" + script + "\n");
        File.SetUnixFileMode(opa, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Theory]
    [InlineData("echo 'policies/inputs.rego:3: rego_parse_error: unexpected eof token' >&2; exit 1", "opa failed (exit 1): policies/inputs.rego:3: rego_parse_error")]
    [InlineData("echo 'segmentation fault'", "opa did not print JSON results: segmentation fault")]
    [InlineData("echo '{\"result\": {\"expressions\": 1}}'", "opa printed results of another shape than documented: result: expected an array")]
    [InlineData("printf '%s\\n' '{\"result\": [{\"expressions\": [{\"value\": {\"deny\": [\"\\ud800\"]}}]}]}'", "opa printed results that are not Unicode text: a string holds half of a UTF-16 surrogate pair alone at line 1, column 51")]
    public async Task Approve_RegoDoesNotRun_500WithTheReasonAndNothingRecorded(string opa, string reason)
    {
        Opa(opa);
        var ledger = Path.Combine(_dir, "server.db");
        var plan = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "plans", "mixed.json"));
        await using (var server = await RunningServer.StartAsync("http://127.0.0.1:9", ledger: ledger, directory: _dir, configure: o => o with { RegoDirectory = "policies" }))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/approvals")
            {
                Content = new StringContent($$"""{"plan": {{plan}}, "rego": true, "by": "alice", "reason": "OPS-12"}""", Encoding.UTF8, "application/json"),
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", RunningServer.AliceToken) },
            };

            using var answer = await server.Http.SendAsync(request);
            var json = await answer.Content.ReadFromJsonAsync<JsonElement>();

            answer.StatusCode.ShouldBe(HttpStatusCode.InternalServerError, json.ToString());
            answer.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
            json.GetProperty("detail").GetString()!.ShouldContain(reason);
            json.GetProperty("detail").GetString()!.ShouldNotContain("\n");
            json.TryGetProperty("field", out _).ShouldBeFalse("the plan is not at fault");
        }

        await using var connection = new SqliteConnection($"Data Source={ledger};Pooling=False");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "select count(*) from approvals";
        ((long)(await count.ExecuteScalarAsync())!).ShouldBe(0);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("PATH", _path);
        Directory.Delete(_bin, recursive: true);
        Directory.Delete(_dir, recursive: true);
    }
}
