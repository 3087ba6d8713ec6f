using System.Text.Json;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Graph;

/// <summary>
/// The JSON report's <c>location</c> ends where the finding's block or attribute does (<c>endLine</c>, <c>endColumn</c>:
/// the column just after its last character), the same span as the SARIF <c>region</c>, on <c>.tf</c> and <c>.tf.json</c>
/// files alike. Before: it had file, line and column only (and a <c>.tf.json</c> resource no location at all).
/// </summary>
public sealed class GraphJsonLocationTests
{
    [Fact]
    public async Task Graph_JsonReport_LocationsEndWhereTheSarifRegionsDo()
    {
        using var ws = new TerraformWorkspace("graph-json-location");
        ws.Write("main.tf", """
            resource "terraform_data" "a" {
              input = terraform_data.a.id
            }

            locals {
              loop = "${local.loop}-x"
            }
            """).Write("more.tf.json", """
            {
              "resource": {
                "terraform_data": {
                  "json": { "input": "${terraform_data.json.id}" }
                }
              }
            }
            """);

        var json = await CliRun.RunAsync(ws.Directory, "graph", ".", "--format", "json");
        var sarif = await CliRun.RunAsync(ws.Directory, "graph", ".", "--format", "sarif");

        json.ExitCode.ShouldBe(1, json.Error);
        var locations = Locations(json.Out);
        locations["terraform_data.a"].ShouldBe(("main.tf", "1:1 to 3:2"));
        locations["local.loop"].ShouldBe(("main.tf", "6:3 to 6:27"));
        locations["terraform_data.json"].ShouldBe(("more.tf.json", "4:7 to 4:55"));
        var regions = Regions(sarif.Out);
        regions.Keys.Order().ShouldBe(locations.Keys.Order());
        foreach (var (address, (_, span)) in locations)
        {
            regions[address].ShouldBe(span, address);
        }
    }

    /// <summary>The findings' locations by address: the file, and the span as <c>line:column to endLine:endColumn</c>.</summary>
    private static Dictionary<string, (string File, string Span)> Locations(string report)
    {
        using var document = JsonDocument.Parse(report);
        return document.RootElement.GetProperty("findings").EnumerateArray().ToDictionary(
            f => f.GetProperty("address").GetString()!,
            f => (f.GetProperty("location").GetProperty("file").GetString()!, Span(f.GetProperty("location"), "line", "column", "endLine", "endColumn")));
    }

    /// <summary>The SARIF results' regions by address, as <see cref="Locations"/> gives the span.</summary>
    private static Dictionary<string, string> Regions(string sarif)
    {
        using var log = JsonDocument.Parse(sarif);
        return log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToDictionary(
            r => r.GetProperty("locations")[0].GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString()!,
            r => Span(r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region"), "startLine", "startColumn", "endLine", "endColumn"));
    }

    private static string Span(JsonElement at, string line, string column, string endLine, string endColumn) =>
        $"{at.GetProperty(line).GetInt32()}:{at.GetProperty(column).GetInt32()} to {at.GetProperty(endLine).GetInt32()}:{at.GetProperty(endColumn).GetInt32()}";
}
