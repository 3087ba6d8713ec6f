using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tollgate.Cli;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Apis;

/// <summary>The tests that put a stand-in <c>opa</c> on the process's PATH run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RegoOnPathCollection
{
    public const string Name = "rego-on-path";
}

/// <summary>
/// <c>POST /api/v1/approvals</c> with a plan binds exactly the digest <c>tollgate approve PLAN</c> binds for the same
/// plan, policy, scan results and Rego policies: plain, with <c>"scans"</c> (the documents <c>--scan</c> reads) and with
/// <c>"rego": true</c> (the server's <c>--rego DIR</c>, as <c>--rego DIR</c>). conftest and opa cannot be installed here,
/// so a stand-in <c>opa</c> on PATH prints the tool's documented output, a deny on terraform_data.a.
/// </summary>
[Collection(RegoOnPathCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ApprovalDigestParityTests : IDisposable
{
    private const string OpaDeny = """
        {"result": [{"expressions": [{"value": {"terraform": {"inputs": {"deny": [{"msg": "terraform_data.a input is not pinned", "address": "terraform_data.a"}]}}}, "text": "data"}]}]}
        """;

    private const string Tfsec = """
        {"results": [{"long_id": "custom-input-pinned", "description": "input is not pinned", "severity": "MEDIUM", "resource": "terraform_data.b"}]}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-approval-parity-").FullName;
    private readonly string _bin = Directory.CreateTempSubdirectory("tollgate-path-").FullName;
    private readonly string? _path = Environment.GetEnvironmentVariable("PATH");

    public ApprovalDigestParityTests()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "plans", "mixed.json"), Path.Combine(_dir, "plan.json"));
        File.WriteAllText(Path.Combine(_dir, "review.yaml"), "reviewOn: [destroy, replace, forget, \"scanner/*\"]\n");
        File.WriteAllText(Path.Combine(_dir, "tfsec.json"), Tfsec);
        Directory.CreateDirectory(Path.Combine(_dir, "policies"));
        File.WriteAllText(Path.Combine(_dir, "policies", "inputs.rego"), "package terraform.inputs\n");
        var opa = Path.Combine(_bin, "opa");
        File.WriteAllText(Path.Combine(_bin, "deny.json"), OpaDeny);
        File.WriteAllText(opa, $"#!/bin/sh\necho \"$@\" >> \"{_bin}/args\"\ncat \"{_bin}/deny.json\"\n");
        File.SetUnixFileMode(opa, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Environment.SetEnvironmentVariable("PATH", _bin + Path.PathSeparator + _path);
    }

    private async Task<string> CliDigestAsync(params string[] reviewedWith)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await TollgateCli.RunAsync(
            ["approve", "plan.json", "--by", "alice", "--reason", "OPS-12", "--policy", "review.yaml", "--ledger", "cli.db", .. reviewedWith],
            new CliHost(output, error, TimeProvider.System, _dir));
        code.ShouldBe(0, error.ToString());
        return output.ToString().Split(' ')[1];
    }

    private static HttpRequestMessage Approve(string body) => new(HttpMethod.Post, "/api/v1/approvals")
    {
        Content = new StringContent(body, Encoding.UTF8, "application/json"),
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", RunningServer.AliceToken) },
    };

    private string Body(string reviewedWith) =>
        $$"""{"plan": {{File.ReadAllText(Path.Combine(_dir, "plan.json"))}}, "by": "alice", "reason": "OPS-12"{{reviewedWith}}}""";

    private Task<RunningServer> ServeAsync(string? rego = "policies") =>
        RunningServer.StartAsync("http://127.0.0.1:9", ledger: Path.Combine(_dir, "server.db"), directory: _dir,
            configure: o => o with { PolicyFile = "review.yaml", RegoDirectory = rego });

    [Fact]
    public async Task Approve_PlainScanAndRego_HttpBindsTheDigestTheCliBinds()
    {
        var plain = await CliDigestAsync();
        var scanned = await CliDigestAsync("--scan", "tfsec.json");
        var rego = await CliDigestAsync("--rego", "policies");
        var both = await CliDigestAsync("--scan", "tfsec.json", "--rego", "policies");
        await using var server = await ServeAsync();

        var answers = new List<(HttpStatusCode Status, JsonElement Json)>();
        foreach (var reviewedWith in new[] { "", $", \"scans\": [{Tfsec}]", ", \"rego\": true", $", \"scans\": [{Tfsec}], \"rego\": true" })
        {
            using var answer = await server.Http.SendAsync(Approve(Body(reviewedWith)));
            answers.Add((answer.StatusCode, await answer.Content.ReadFromJsonAsync<JsonElement>()));
        }

        answers.ShouldAllBe(a => a.Status == HttpStatusCode.Created);
        answers.Select(a => a.Json.GetProperty("digest").GetString()).ShouldBe([plain, scanned, rego, both]);
        new[] { plain, scanned, rego, both }.Distinct().Count().ShouldBe(4, "the scan and Rego findings under review are bound");
        answers[1].Json.GetProperty("covers").EnumerateArray().Select(c => c.GetString()).ShouldContain("terraform_data.b");
        File.ReadAllLines(Path.Combine(_bin, "args")).Last().ShouldContain($"--data {Path.Combine(_dir, "policies")} ");
    }

    [Theory]
    [InlineData(", \"rego\": \"/etc/policies\"", "rego", "never a directory a request names")]
    [InlineData(", \"rego\": 1", "rego", "expected true or false, found a number")]
    [InlineData(", \"scans\": [\"tfsec.json\"]", "scans[0]", "a path is not read on the server")]
    [InlineData(", \"scans\": {\"results\": []}", "scans", "expected an array of scan results")]
    [InlineData(", \"scans\": [{\"findings\": []}]", "scans[0]", "scan result scans[0] is neither SARIF nor a Checkov, tfsec, Trivy or Conftest JSON report")]
    [InlineData(", \"scan\": []", "scan", "unknown field; did you mean 'scans'?")]
    [InlineData(", \"policy\": \"review.yaml\"", "policy", "unknown field")]
    public async Task Approve_ReviewInputTheServerCannotResolve_400NamingTheFieldAndNothingRecorded(string reviewedWith, string field, string detail)
    {
        await using var server = await ServeAsync();

        using var answer = await server.Http.SendAsync(Approve(Body(reviewedWith)));
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();
        await using var ledger = await Ledger.LedgerLocation.OpenAsync(Path.Combine(_dir, "server.db"), _dir, TimeProvider.System);

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, json.ToString());
        json.GetProperty("field").GetString().ShouldBe(field);
        json.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain(detail);
        (await ledger.ApprovalsForAsync(await CliDigestAsync())).ShouldBeEmpty();
    }

    [Fact]
    public async Task Approve_RegoOnAServerWithoutRego_400SayingToApproveTheDigest()
    {
        await using var server = await ServeAsync(rego: null);

        using var answer = await server.Http.SendAsync(Approve(Body(", \"rego\": true")));
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, json.ToString());
        json.GetProperty("field").GetString().ShouldBe("rego");
        json.GetProperty("detail").GetString().ShouldBe(
            "rego: this server has no Rego policies (it was started without --rego DIR), so it cannot compute the digest tollgate approve PLAN --rego binds: approve the digest tollgate plan --rego reported instead");
    }

    [Fact]
    public async Task Approve_DigestWithScans_400()
    {
        await using var server = await ServeAsync();

        using var answer = await server.Http.SendAsync(Approve($$"""{"digest": "sha256:{{new string('a', 64)}}", "scans": [{{Tfsec}}], "by": "alice", "reason": "r"}"""));
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, json.ToString());
        json.GetProperty("detail").GetString().ShouldBe("scans: scans and rego go with a plan, not with digest (the recorded report's digest already binds its findings)");
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("PATH", _path);
        Directory.Delete(_dir, recursive: true);
        Directory.Delete(_bin, recursive: true);
    }
}
