using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Tollgate.Domain;
using Tollgate.Policies.Scanners;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Apis;

/// <summary>
/// A scan result sent with an approval that is valid JSON of an odd shape (an array where an object is expected, a null,
/// a huge number, deep nesting) is a 400 naming the field inside the scan, never a 500; nothing is recorded.
/// </summary>
public sealed class ScanShapesTests
{
    private static readonly string Plan = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "plans", "mixed.json"));

    private const string Sarif = """{"runs":[{"tool":{"driver":{"name":"tfsec","rules":[{"id":"r1"}]}},"results":[{"ruleId":"r1","ruleIndex":0,"level":"error","message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"main.tf"},"region":{"startLine":3}}}]}]}]}""";

    private const string Checkov = """{"check_type":"terraform","results":{"failed_checks":[{"check_id":"CKV_1","resource":"terraform_data.a","check_result":{"result":"FAILED"}}]}}""";

    private const string Trivy = """{"Results":[{"Target":"main.tf","Misconfigurations":[{"ID":"AVD-1","Severity":"HIGH","Status":"FAIL","CauseMetadata":{"Resource":"terraform_data.a"}}]}]}""";

    private const string Conftest = """[{"filename":"plan.json","namespace":"main","failures":[{"msg":"no"}]}]""";

    private static string Deep(int depth) => string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth));

    /// <summary>Odd shapes in each scanner's report, and the field the 400 must name.</summary>
    public static TheoryData<string, string> OddShapes => new()
    {
        { """{"runs":"tfsec"}""", "scans[0].runs" },
        { """{"runs":[[]]}""", "scans[0].runs[0]" },
        { """{"runs":[{"tool":null}]}""", "scans[0].runs[0].tool" },
        { """{"runs":[{"tool":{"driver":[]}}]}""", "scans[0].runs[0].tool.driver" },
        { """{"runs":[{"tool":{"driver":{"rules":["r1"]}},"results":[]}]}""", "scans[0].runs[0].tool.driver.rules[0]" },
        { """{"runs":[{"tool":{"driver":{}},"results":[7]}]}""", "scans[0].runs[0].results[0]" },
        { """{"runs":[{"tool":{"driver":{}},"results":{"ruleId":"r1"}}]}""", "scans[0].runs[0].results" },
        { """{"runs":[{"tool":{"driver":{}},"results":[{"ruleId":"r1","locations":[{"physicalLocation":"main.tf"}]}]}]}""", "scans[0].runs[0].results[0].locations[0].physicalLocation" },
        { """{"runs":[{"tool":{"driver":{}},"results":[{"locations":[{"physicalLocation":{"region":[3]}}]}]}]}""", "scans[0].runs[0].results[0].locations[0].physicalLocation.region" },
        { """{"results":"none"}""", "scans[0].results" },
        { """{"results":{"failed_checks":{"check_id":"CKV_1"}}}""", "scans[0].results.failed_checks" },
        { """[{"check_type":"terraform","results":{}}, "oops"]""", "scans[0][1]" },
        { """{"Results":[1e400]}""", "scans[0].Results[0]" },
        { """{"Results":[{"Misconfigurations":[{"ID":"AVD-1"}, 5]}]}""", "scans[0].Results[0].Misconfigurations[1]" },
        { """[{"namespace":"main","failures":{"msg":"no"}}]""", "scans[0][0].failures" },
        { """[{"namespace":"main"}, null]""", "scans[0][1]" },
        { "{\"runs\":" + Deep(100) + "}", "scans[0].runs[0]" },
    };

    [Theory]
    [MemberData(nameof(OddShapes))]
    public async Task Approve_ScanOfAnOddShape_400NamingTheFieldInsideIt(string scan, string field)
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: Ledgers.TempSqlite());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/approvals")
        {
            Content = new StringContent($$"""{"plan":{{Plan}},"scans":[{{scan}}],"by":"alice","reason":"OPS-12"}""", Encoding.UTF8, "application/json"),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", RunningServer.AliceToken) },
        };

        using var answer = await server.Http.SendAsync(request);
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();
        var verdicts = await server.Http.GetFromJsonAsync<JsonElement>("/api/v1/verdicts");

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest, json.ToString());
        json.GetProperty("field").GetString().ShouldBe(field);
        json.GetProperty("detail").GetString()!.ShouldStartWith(field + ": ");
        verdicts.GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData("""{"results":null}""")]
    [InlineData("""{"runs":[{"tool":{"driver":{"name":"x"}},"results":[{"ruleId":"r","ruleIndex":1e400,"properties":{"security-severity":1e400}}]}]}""")]
    public void Read_ShapesScannersWrite_Findings(string scan)
    {
        using var document = JsonDocument.Parse(scan);

        var findings = ScanImport.Read(document.RootElement, "scan.json");

        findings.Count.ShouldBe(scan.Contains("runs", StringComparison.Ordinal) ? 1 : 0);
    }

    /// <summary>Any value of a scanner's report replaced by any other JSON value: findings or one line of bad input, nothing else.</summary>
    [Fact]
    public void Read_AnyValueReplacedByAnOddOne_FindingsOrBadInputNeverACrash()
    {
        JsonNode?[] odd = [null, new JsonArray(), new JsonObject(), JsonValue.Create("x"), JsonValue.Create(1e300), JsonValue.Create(-1), JsonValue.Create(true),
            new JsonArray(new JsonArray(JsonValue.Create(1))), new JsonObject { ["runs"] = new JsonArray() }];
        var reports = new[] { Sarif, Checkov, Trivy, Conftest, "[" + Checkov + "]" };
        var gen = Gen.Select(Gen.Int[0, reports.Length - 1], Gen.Int[0, 10_000], Gen.Int[0, odd.Length - 1]);

        gen.Sample((report, pick, with) =>
        {
            var root = JsonNode.Parse(reports[report])!;
            var values = Values(root).ToList();
            var target = values[pick % values.Count];
            var replacement = odd[with]?.DeepClone();
            if (target.Parent is JsonObject parent)
            {
                parent[target.GetPropertyName()] = replacement;
            }
            else if (target.Parent is JsonArray array)
            {
                array[target.GetElementIndex()] = replacement;
            }

            using var document = JsonDocument.Parse(root.ToJsonString());
            try
            {
                ScanImport.Read(document.RootElement, "scan.json").ShouldNotBeNull();
            }
            catch (InvalidInputException e)
            {
                e.Message.ShouldStartWith("scan result scan.json");
            }
        }, iter: 2_000, seed: "0N0XIzNsQ0O2");
    }

    private static IEnumerable<JsonNode> Values(JsonNode node)
    {
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            yield return child;
            foreach (var inner in Values(child))
            {
                yield return inner;
            }
        }
    }
}
