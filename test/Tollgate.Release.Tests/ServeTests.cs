using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Testing;

namespace Tollgate.Release.Tests;

/// <summary>
/// <c>tollgate serve</c> on the Native AOT binary: the routes answer as under the JIT (the Argo route, approvals, a
/// plan sent as a form with a scan result), and SIGTERM stops it.
/// </summary>
public sealed class ServeTests
{
    private static readonly string Specs = Path.Combine(AppContext.BaseDirectory, "serve", "specs");
    private static readonly string Request = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "serve", "request.json"));
    private const string Token = "alice-token-0123456789abcdef";

    [Fact]
    public async Task Serve_NativeBinary_JudgesApprovesAndStopsOnSigterm()
    {
        var dir = Directory.CreateTempSubdirectory("tollgate-aot-serve-").FullName;
        File.WriteAllText(Path.Combine(dir, "tokens"), $"alice {Token}\n");
        using var serve = await ServeProcess.StartAsync(dir, "--specs", Specs, "--token-file", "tokens", "--ledger", "ledger.db");
        var http = serve.Http;

        using var pass = await http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent(Request, Encoding.UTF8, "application/json"));
        using var unknown = await http.PostAsync("/api/v1/integrations/argo-rollouts/analysis", new StringContent("""{"spec":"payments"}""", Encoding.UTF8, "application/json"));
        var digest = JsonDocument.Parse(await pass.Content.ReadAsStringAsync()).RootElement.GetProperty("digest").GetString();
        using var approve = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/approvals")
        {
            Content = new StringContent($$"""{"digest":"{{digest}}","by":"alice","reason":"looked at it"}""", Encoding.UTF8, "application/json"),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token) },
        });
        using var refused = await http.PostAsync("/api/v1/approvals", new StringContent("{}", Encoding.UTF8, "application/json"));
        var openApi = await http.GetStringAsync("/openapi/v1.json");
        var metrics = await http.GetStringAsync("/metrics");
        var (code, output, error) = await serve.StopAsync();

        (await pass.Content.ReadAsStringAsync()).ShouldContain("\"verdict\":\"pass\"");
        (await unknown.Content.ReadAsStringAsync()).ShouldContain("\"verdict\":\"hold\"");
        approve.StatusCode.ShouldBe(HttpStatusCode.Created, await approve.Content.ReadAsStringAsync());
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        openApi.ShouldContain("/api/v1/integrations/flagger/{hook}");
        metrics.ShouldContain("tollgate_verdicts_total{kind=\"canary\",outcome=\"pass\"} 1");
        output.ShouldContain("decision argo-rollouts checkout pass");
        code.ShouldBe(143);
        error.ShouldStartWith("tollgate: stopped by SIGTERM");
    }

    [Fact]
    public async Task Serve_NativeBinary_PlanFormWithAScanAndAPolicyJudgedAsTheCliJudgesIt()
    {
        // A plan terraform made (terraform_data.old destroyed, terraform_data.a changed), a tfsec result on it and a policy
        // with a CEL rule, sent as a form to the AOT binary's serve; the same binary's tollgate plan judges the same files.
        using var ws = new TerraformWorkspace("aot-form");
        ws.Write("main.tf", "resource \"terraform_data\" \"a\" {\n  input = \"1\"\n}\nresource \"terraform_data\" \"old\" {}\n").Apply();
        ws.Write("main.tf", "resource \"terraform_data\" \"a\" {\n  input = \"2\"\n}\n");
        var plan = File.ReadAllText(ws.PlanJson("plan.json"));
        ws.Write("tfsec.json", """{"results": [{"long_id": "custom-input-pinned", "description": "input is not pinned", "severity": "MEDIUM", "resource": "terraform_data.a"}]}""");
        ws.Write("team.yaml", """
            custom:
              - name: keep-old
                severity: high
                message: terraform_data.old must stay
                when: 'change.type == "terraform_data" && change.name == "old" && "delete" in change.actions'
            """);
        var cli = await Run.StartAsync(ReleaseBuild.Shared.Binary, ["plan", "plan.json", "--scan", "tfsec.json", "--policy", "team.yaml", "--format", "json", "--ledger", "cli.db"], ws.Directory);
        using var serve = await ServeProcess.StartAsync(ws.Directory, "--ledger", "serve.db", "--drain-delay", "0");
        var http = serve.Http;

        using var judged = await http.PostAsync("/api/v1/plans", Form(("plan", "plan.json", plan), ("scan", "tfsec.json", File.ReadAllText(ws.PathOf("tfsec.json"))), ("policy", "team.yaml", File.ReadAllText(ws.PathOf("team.yaml")))));
        var answer = await judged.Content.ReadAsStringAsync();
        using var bad = await http.PostAsync("/api/v1/plans", Form(("plan", "plan.json", plan), ("scan", "bad.json", """{"results": [""")));
        var problem = await bad.Content.ReadAsStringAsync();
        var (code, output, error) = await serve.StopAsync();

        cli.Code.ShouldBe(1, cli.Error);
        judged.StatusCode.ShouldBe(HttpStatusCode.OK, answer);
        judged.Headers.GetValues("Tollgate-Verdict").ShouldBe(["fail"]);
        using var report = JsonDocument.Parse(answer);
        using var expected = JsonDocument.Parse(cli.Out);
        foreach (var field in new[] { "kind", "subject", "digest", "verdict", "exitCode", "reason" })
        {
            report.RootElement.GetProperty(field).ToString().ShouldBe(expected.RootElement.GetProperty(field).ToString(), field);
        }

        JsonNode.DeepEquals(JsonNode.Parse(report.RootElement.GetProperty("findings").GetRawText()), JsonNode.Parse(expected.RootElement.GetProperty("findings").GetRawText()))
            .ShouldBeTrue($"findings differ:\nserve {report.RootElement.GetProperty("findings")}\nplan  {expected.RootElement.GetProperty("findings")}");
        var findings = report.RootElement.GetProperty("findings").EnumerateArray().Select(f => (f.GetProperty("rule").GetString(), f.GetProperty("address").GetString())).ToList();
        findings.ShouldContain(("destroy", "terraform_data.old"));
        findings.ShouldContain(("scanner/tfsec/custom-input-pinned", "terraform_data.a"));
        findings.ShouldContain(("policy/keep-old", "terraform_data.old"));
        report.RootElement.GetProperty("subject").GetString().ShouldBe("plan.json");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest, problem);
        using var refused = JsonDocument.Parse(problem);
        refused.RootElement.GetProperty("field").GetString().ShouldBe("scan[0]");
        refused.RootElement.GetProperty("detail").GetString()!.ShouldStartWith("scan[0]: scan result bad.json is not JSON or SARIF");
        output.ShouldContain($"decision plans {report.RootElement.GetProperty("digest").GetString()} fail");
        code.ShouldBe(143);
        error.ShouldStartWith("tollgate: stopped by SIGTERM");
    }

    [Fact]
    public async Task Serve_BadTokenFile_Exits3WithOneLineBeforeListening()
    {
        var dir = Directory.CreateTempSubdirectory("tollgate-aot-serve-").FullName;
        File.WriteAllText(Path.Combine(dir, "tokens"), "alice short\n");

        var run = await Run.StartAsync(ReleaseBuild.Shared.Binary, ["serve", "--urls", $"http://127.0.0.1:{ServeProcess.FreePort()}", "--specs", Specs, "--token-file", "tokens"], dir);

        run.Code.ShouldBe(3);
        run.Error.ShouldBe($"tollgate: error: --token-file {Path.Combine(dir, "tokens")}:1: the token of alice is shorter than 16 characters\n");
    }

    /// <summary>A multipart form of file parts (name, file name, content), as <c>curl -F name=@file</c> sends them.</summary>
    private static MultipartFormDataContent Form(params (string Name, string File, string Content)[] parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, file, content) in parts)
        {
            form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(content)), name, file);
        }

        return form;
    }
}
