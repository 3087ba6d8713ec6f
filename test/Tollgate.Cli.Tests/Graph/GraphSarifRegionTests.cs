using System.Text.Json;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Graph;

/// <summary>
/// A graph finding on a directory's HCL points SARIF at the whole block or attribute it is about: <c>region</c> has
/// <c>endLine</c> and <c>endColumn</c>, the column just after the last character (SARIF 2.1.0 §3.30.5), where it had
/// the start alone; a <c>.tf.json</c> resource or local likewise, from its name to the end of its value, where it had
/// its line alone (a resource not even that).
/// </summary>
public sealed class GraphSarifRegionTests
{
    private static Dictionary<string, JsonElement> Regions(string sarif)
    {
        using var log = JsonDocument.Parse(sarif);
        return log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToDictionary(
            r => r.GetProperty("locations")[0].GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString()!,
            r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").Clone());
    }

    private static int[] Span(JsonElement region) =>
        new[] { "startLine", "startColumn", "endLine", "endColumn" }.Select(p => region.TryGetProperty(p, out var v) ? v.GetInt32() : 0).ToArray();

    [Fact]
    public async Task Graph_SarifOfHclFindings_RegionsEndAfterTheBlockOrAttribute()
    {
        using var ws = new TerraformWorkspace("graph-sarif-region");
        ws.Write("main.tf", """
            resource "terraform_data" "a" {
              input = terraform_data.a.id
            }

              locals {
                loop = "é-${local.loop}"
              }
            """).Write("more.tf.json", """
            {
              "locals": { "json_loop": "${local.json_loop}" },
              "resource": {
                "terraform_data": {
                  "json": {
                    "input": "${terraform_data.json.id}"
                  }
                }
              }
            }
            """);

        var run = await CliRun.RunAsync(ws.Directory, "graph", ".", "--format", "sarif");

        run.ExitCode.ShouldBe(1, run.Error);
        var regions = Regions(run.Out);
        Span(regions["terraform_data.a"]).ShouldBe([1, 1, 3, 2]);
        Span(regions["local.loop"]).ShouldBe([6, 5, 6, 29]);
        Span(regions["local.json_loop"]).ShouldBe([2, 15, 2, 48]);
        Span(regions["terraform_data.json"]).ShouldBe([5, 7, 7, 8]);
    }
}
