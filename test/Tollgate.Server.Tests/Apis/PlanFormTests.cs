using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tollgate.Cli;
using Tollgate.Cli.Hosting;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Ledger;
using Tollgate.Server.Apis;
using Tollgate.Server.Tests.Support;
using Tollgate.Terraform.Analysis;

namespace Tollgate.Server.Tests.Apis;

/// <summary>
/// <c>POST /api/v1/plans</c> as a form takes what <c>tollgate plan</c> takes, as parts: <c>plan</c>, <c>scan</c>
/// (repeatable), <c>policy</c> and <c>rego=true</c> (the server's own <c>--rego DIR</c>), and judges them as the command
/// line does: the same verdict, digest and findings for the same plan, policy, scans and Rego policies. A bad part is a
/// 400 problem naming it, whose detail never shows the server's private upload directory. A stand-in <c>opa</c> on PATH
/// prints the tool's documented output (conftest and opa cannot be installed here).
/// </summary>
[Collection(RegoOnPathCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PlanFormTests : IDisposable
{
    private const string OpaDeny = """
        {"result": [{"expressions": [{"value": {"terraform": {"inputs": {"deny": [{"msg": "terraform_data.a input is not pinned", "address": "terraform_data.a"}]}}}, "text": "data"}]}]}
        """;

    private const string Tfsec = """
        {"results": [{"long_id": "custom-input-pinned", "description": "input is not pinned", "severity": "MEDIUM", "resource": "terraform_data.b"}]}
        """;

    /// <summary>A policy that changes the verdict: a custom rule over the plan, a severity override, scanner findings asking for review.</summary>
    private const string Review = """
        failOn: high
        reviewOn: [destroy, replace, forget, "scanner/*"]
        rules:
          replace: { severity: low }
        custom:
          - name: keep-old
            severity: high
            message: "terraform_data.old must stay"
            when: 'change.type == "terraform_data" && change.name == "old" && "delete" in change.actions'
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-plan-form-").FullName;
    private readonly string _bin = Directory.CreateTempSubdirectory("tollgate-path-").FullName;
    private readonly string? _path = Environment.GetEnvironmentVariable("PATH");

    public PlanFormTests()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "plans", "mixed.json"), Path.Combine(_dir, "plan.json"));
        File.WriteAllText(Path.Combine(_dir, "review.yaml"), Review);
        File.WriteAllText(Path.Combine(_dir, "tfsec.json"), Tfsec);
        File.WriteAllText(Path.Combine(_dir, "server.yaml"), "failOn: critical\n");
        Directory.CreateDirectory(Path.Combine(_dir, "policies"));
        File.WriteAllText(Path.Combine(_dir, "policies", "inputs.rego"), "package terraform.inputs\n");
        Opa($"cat \"{_bin}/deny.json\"");
        File.WriteAllText(Path.Combine(_bin, "deny.json"), OpaDeny);
        Environment.SetEnvironmentVariable("PATH", _bin + Path.PathSeparator + _path);
    }

    private void Opa(string script)
    {
        var opa = Path.Combine(_bin, "opa");
        File.WriteAllText(opa, "#!/bin/sh\n" + script + "\n");
        File.SetUnixFileMode(opa, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private Task<RunningServer> ServeAsync(string? rego = "policies") =>
        RunningServer.StartAsync("http://127.0.0.1:9", ledger: Path.Combine(_dir, "server.db"), directory: _dir,
            configure: o => o with { PolicyFile = "server.yaml", RegoDirectory = rego });

    private async Task<JsonElement> CliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await TollgateCli.RunAsync(["plan", "plan.json", "--format", "json", "--ledger", "cli.db", .. args], new CliHost(output, error, TimeProvider.System, _dir));
        code.ShouldBeInRange(0, 2, error.ToString());
        return JsonDocument.Parse(output.ToString()).RootElement.Clone();
    }

    /// <summary>A form of parts (name, file name or null for a plain value, content).</summary>
    private static MultipartFormDataContent Form(params (string Name, string? File, string Content)[] parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, file, content) in parts)
        {
            if (file is null)
            {
                form.Add(new StringContent(content), name);
            }
            else
            {
                form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(content)), name, file);
            }
        }

        return form;
    }

    private (string, string?, string) Part(string name, string file) => (name, file, File.ReadAllText(Path.Combine(_dir, file)));

    private static async Task<(HttpStatusCode Status, JsonElement Json, string? Verdict)> PostAsync(RunningServer server, MultipartFormDataContent form)
    {
        using var answer = await server.Http.PostAsync("/api/v1/plans", form);
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();
        return (answer.StatusCode, json, answer.Headers.TryGetValues("Tollgate-Verdict", out var v) ? v.Single() : null);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task Plans_FormWithPolicyScanAndRego_SameVerdictDigestAndFindingsAsTheCli(bool scan, bool rego)
    {
        var cli = await CliAsync([.. new[] { "--policy", "review.yaml" }, .. scan ? new[] { "--scan", "tfsec.json" } : [], .. rego ? new[] { "--rego", "policies" } : []]);
        await using var server = await ServeAsync();
        List<(string, string?, string)> parts = [Part("plan", "plan.json"), Part("policy", "review.yaml")];
        if (scan)
        {
            parts.Add(Part("scan", "tfsec.json"));
        }

        if (rego)
        {
            parts.Add(("rego", null, "true"));
        }

        var (status, http, header) = await PostAsync(server, Form([.. parts]));

        status.ShouldBe(HttpStatusCode.OK, http.ToString());
        header.ShouldBe(cli.GetProperty("verdict").GetString());
        foreach (var field in new[] { "kind", "subject", "digest", "verdict", "exitCode", "reason" })
        {
            http.GetProperty(field).ToString().ShouldBe(cli.GetProperty(field).ToString(), field);
        }

        JsonNode.DeepEquals(JsonNode.Parse(http.GetProperty("findings").GetRawText()), JsonNode.Parse(cli.GetProperty("findings").GetRawText()))
            .ShouldBeTrue($"findings differ:\nHTTP {http.GetProperty("findings")}\nCLI  {cli.GetProperty("findings")}");
        var rules = http.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()).ToList();
        rules.ShouldContain("policy/keep-old");
        rules.Contains("scanner/tfsec/custom-input-pinned").ShouldBe(scan);
        rules.Any(r => r!.StartsWith("scanner/rego/", StringComparison.Ordinal) || r.StartsWith("policy/rego", StringComparison.Ordinal) || r.Contains("inputs", StringComparison.Ordinal)).ShouldBe(rego, string.Join(", ", rules));
        http.GetProperty("verdict").GetString().ShouldBe("fail", "the request's policy, not the server's failOn: critical");
    }

    [Fact]
    public async Task Plans_FormWithoutPolicy_TheServersPolicyAsTheJsonBodyHas()
    {
        await using var server = await ServeAsync();

        var (status, form, _) = await PostAsync(server, Form(Part("plan", "plan.json")));
        using var body = await server.Http.PostAsync("/api/v1/plans", new StringContent(File.ReadAllText(Path.Combine(_dir, "plan.json")), Encoding.UTF8, "application/json"));
        var json = await body.Content.ReadFromJsonAsync<JsonElement>();

        status.ShouldBe(HttpStatusCode.OK, form.ToString());
        form.GetProperty("digest").GetString().ShouldBe(json.GetProperty("digest").GetString());
        form.GetProperty("verdict").GetString().ShouldBe("review");
        form.GetProperty("findings").GetArrayLength().ShouldBe(json.GetProperty("findings").GetArrayLength());
    }

    [Fact]
    public async Task ReadAsync_ScanPart_ReadOnceAndTheGateJudgesItsFindingsWithoutReadingItAgain()
    {
        // The form reads a scan part to check it and hands the gate what it read: with the part's file gone, the
        // gate still judges its finding (before, the gate parsed the file a second time).
        using var upload = PlanUpload.Create();
        using var form = Form(Part("plan", "plan.json"), Part("scan", "tfsec.json"));
        var http = new DefaultHttpContext();
        http.Request.ContentType = form.Headers.ContentType!.ToString();
        http.Request.Body = await form.ReadAsStreamAsync();
        var options = new ServeOptions("http://127.0.0.1:0", null, _dir, Pillars.Rules, Pillars.Vocabulary);

        var (request, _) = await PlanForm.ReadAsync(http.Request, upload, options, CancellationToken.None);
        Directory.Delete(Path.Combine(upload.Directory, "scans"), recursive: true);
        await using var ledger = await LedgerLocation.OpenAsync("gate.db", _dir, TimeProvider.System);
        var report = await new PlanGate().RunAsync(request, new GateContext(TimeProvider.System, ledger, Policy.Default, upload.Directory));

        request.Scans.ShouldBeEmpty();
        var read = request.ScanFindings.ShouldHaveSingleItem();
        read.Rule.ShouldBe("scanner/tfsec/custom-input-pinned");
        read.Address.ShouldBe("terraform_data.b");
        report.Findings.Where(f => f.Rule.StartsWith("scanner/", StringComparison.Ordinal)).Select(f => (f.Rule, f.Address))
            .ShouldBe([("scanner/tfsec/custom-input-pinned", "terraform_data.b")]);
    }

    public static TheoryData<string, string, string> BadParts => new()
    {
        { "scan=@bad.json:{\"results\": [", "scan[0]", "scan[0]: scan result bad.json is not JSON or SARIF" },
        { "scan=@odd.json:{\"runs\":[{\"tool\":null}]}", "scan[0].runs[0].tool", "scan[0].runs[0].tool: expected an object" },
        { "scan=@shape.json:{\"findings\": []}", "scan[0]", "scan[0]: scan result shape.json is neither SARIF nor a Checkov, tfsec, Trivy or Conftest JSON report" },
        { "policy=@team.yaml:failOn: [high", "policy", "policy: team.yaml:2:1: not valid YAML" },
        { "policy=@team.yaml:failon: high", "policy", "policy: team.yaml:1:1: unknown key 'failon'" },
        { "policy=@team.yaml:rules:\n  blast-radius: { maxDependents: -3 }", "policy", "policy: team.yaml:" },
        { "rego=@deny.rego:package x", "rego", "rego: the server runs only its own Rego policies" },
        { "rego=maybe", "rego", "rego: expected true or false, found 'maybe'" },
        { "scans=@tfsec.json:{}", "scans", "scans: unknown part; did you mean 'scan'?" },
        { "plan=@other.json:{}", "plan", "plan: sent twice: give one plan part" },
    };

    [Theory]
    [MemberData(nameof(BadParts))]
    public async Task Plans_BadPart_400NamingThePartNeverAServerPathAndNothingRecorded(string part, string field, string detail)
    {
        await using var server = await ServeAsync();
        var (name, rest) = (part[..part.IndexOf('=', StringComparison.Ordinal)], part[(part.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        var extra = rest.StartsWith('@') ? (name, rest[1..rest.IndexOf(':', StringComparison.Ordinal)], rest[(rest.IndexOf(':', StringComparison.Ordinal) + 1)..]) : (name, (string?)null, rest);

        var (status, json, _) = await PostAsync(server, Form(Part("plan", "plan.json"), extra));
        var verdicts = await server.Http.GetFromJsonAsync<JsonElement>("/api/v1/verdicts");

        status.ShouldBe(HttpStatusCode.BadRequest, json.ToString());
        json.GetProperty("field").GetString().ShouldBe(field);
        json.GetProperty("detail").GetString()!.ShouldStartWith(detail);
        NoServerPath(json);
        verdicts.GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    public static TheoryData<string, string, string> BadPlans => new()
    {
        { "tfplan", "PK\u0003\u0004binary", "plan: not a plan JSON object (terraform show -json); binary plan files are not accepted here" },
        { "plan.json", "", "plan: empty: expected a plan JSON object (terraform show -json)" },
        { "cut.json", "{\"format_version\": \"1.2\", \"resource_changes\": [", "plan: cut.json" },
        { "../../etc/passwd", "{\"format_version\": \"1.2\", \"resource_changes\": [", "plan: passwd ends before the JSON document is complete" }, // only the last segment is a name
    };

    [Theory]
    [MemberData(nameof(BadPlans))]
    public async Task Plans_PlanPartThatDoesNotRead_400NamingThePlanByItsNameNeverAServerPath(string file, string content, string detail)
    {
        await using var server = await ServeAsync();

        var (status, json, _) = await PostAsync(server, Form(("plan", file, content)));

        status.ShouldBe(HttpStatusCode.BadRequest, json.ToString());
        json.GetProperty("field").GetString().ShouldBe("plan");
        json.GetProperty("detail").GetString()!.ShouldStartWith(detail);
        NoServerPath(json);
    }

    [Fact]
    public async Task Plans_FormWithoutAPlan_400NamingThePlanPart()
    {
        await using var server = await ServeAsync();

        var (status, json, _) = await PostAsync(server, Form(Part("policy", "review.yaml")));

        status.ShouldBe(HttpStatusCode.BadRequest);
        json.GetProperty("field").GetString().ShouldBe("plan");
        json.GetProperty("detail").GetString().ShouldBe("plan: missing: send the plan JSON (terraform show -json) as the part plan, e.g. curl -F plan=@plan.json");
    }

    [Theory]
    [InlineData("multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"plan\"\r\n\r\n{}\r\n--x--\r\n", "body: multipart/form-data without a boundary")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"plan\"; filename=\"plan.json\"\r\n\r\n{\"format_version\"", "body: not a multipart/form-data body that reads: ")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Type: application/json\r\n\r\n{}\r\n--x--\r\n", "body: a part without Content-Disposition")]
    public async Task Plans_FormThatDoesNotRead_400NamingTheBody(string contentType, string body, string detail)
    {
        await using var server = await ServeAsync();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var answer = await server.Http.PostAsync("/api/v1/plans", content);
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, json.ToString());
        json.GetProperty("field").GetString().ShouldBe("body");
        json.GetProperty("detail").GetString()!.ShouldStartWith(detail);
        NoServerPath(json);
    }

    [Fact]
    public async Task Plans_RegoOnAServerWithoutRego_400SayingSo()
    {
        await using var server = await ServeAsync(rego: null);

        var (status, json, _) = await PostAsync(server, Form(Part("plan", "plan.json"), ("rego", null, "true")));

        status.ShouldBe(HttpStatusCode.BadRequest);
        json.GetProperty("field").GetString().ShouldBe("rego");
        json.GetProperty("detail").GetString()!.ShouldStartWith("rego: this server has no Rego policies");
    }

    [Fact]
    public async Task Plans_RegoToolFailsNamingTheFile_500WithoutTheServersUploadPath()
    {
        // opa names the file it was given, as it does in a parse error of its input.
        Opa("while [ \"$1\" != --input ]; do shift; done; echo \"$2:1: rego_parse_error: unexpected token\" >&2; exit 1");
        await using var server = await ServeAsync();

        var (status, json, _) = await PostAsync(server, Form(Part("plan", "plan.json"), ("rego", null, "true")));

        status.ShouldBe(HttpStatusCode.InternalServerError, json.ToString());
        json.GetProperty("detail").GetString()!.ShouldContain("opa failed (exit 1): ");
        json.GetProperty("detail").GetString()!.ShouldContain("plan.json:1: rego_parse_error");
        NoServerPath(json);
    }

    [Fact]
    public async Task OpenApi_Plans_DescribesTheFormBesideTheJsonBody()
    {
        await using var server = await ServeAsync();

        var openApi = await server.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var content = openApi.GetProperty("paths").GetProperty("/api/v1/plans").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        content.TryGetProperty("application/json", out _).ShouldBeTrue();
        var form = content.GetProperty("multipart/form-data").GetProperty("schema");
        form.GetProperty("properties").EnumerateObject().Select(p => p.Name).ShouldBe(["plan", "scan", "policy", "rego"], ignoreOrder: true);
        form.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ShouldBe(["plan"]);
    }

    private static void NoServerPath(JsonElement problem)
    {
        var detail = problem.GetProperty("detail").GetString()!;
        detail.ShouldNotContain("tollgate-plan-");
        detail.ShouldNotContain(Path.GetTempPath().TrimEnd('/'));
        detail.ShouldNotContain("\n");
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("PATH", _path);
        Directory.Delete(_dir, recursive: true);
        Directory.Delete(_bin, recursive: true);
    }
}
