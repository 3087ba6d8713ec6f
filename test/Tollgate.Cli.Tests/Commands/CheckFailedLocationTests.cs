using System.Text.Json;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// <c>check-failed</c> on a planned directory points at the block that failed, under the directory as the user gave it,
/// in every format: the check block's line, and for a condition of a resource the resource's.
/// </summary>
public sealed class CheckFailedLocationTests
{
    // The check block opens at line 13; b, whose postcondition is known only after apply, at line 4.
    private const string Config = """
        resource "terraform_data" "a" {
          input = "x"
        }
        resource "terraform_data" "b" {
          input = "y"
          lifecycle {
            postcondition {
              condition     = self.output == "y"
              error_message = "b must echo y"
            }
          }
        }
        check "health" {
          assert {
            condition     = terraform_data.a.input == "z"
            error_message = "a runs x, expected z"
          }
        }
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Plan_FailingCheckInADirectory_EveryFormatPointsAtTheBlockUnderTheDirectoryAsGiven(bool absolute)
    {
        using var ws = new TerraformWorkspace("check-location");
        ws.Write("infra/main.tf", Config);
        var given = absolute ? ws.PathOf("infra") : "infra";

        var json = await CliRun.RunAsync(ws.Directory, "plan", given, "--format", "json");
        var text = await CliRun.RunAsync(ws.Directory, "plan", given);
        var sarif = await CliRun.RunAsync(ws.Directory, "plan", given, "--format", "sarif");
        var junit = await CliRun.RunAsync(ws.Directory, "plan", given, "--format", "junit");

        json.ExitCode.ShouldBe(1, json.Error);
        using var report = JsonDocument.Parse(json.Out);
        var checks = report.RootElement.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("rule").GetString() == "check-failed")
            .ToDictionary(f => f.GetProperty("address").GetString()!, f => f.GetProperty("location"));
        checks["check.health"].GetProperty("file").GetString().ShouldBe($"{given}/main.tf");
        checks["check.health"].GetProperty("line").GetInt32().ShouldBe(13);
        checks["terraform_data.b"].GetProperty("line").GetInt32().ShouldBe(4);
        text.Out.ShouldContain($"at {given}/main.tf:13");
        using var log = JsonDocument.Parse(sarif.Out);
        var result = log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("ruleId").GetString() == "check-failed" && r.GetProperty("message").GetProperty("text").GetString()!.Contains("check.health", StringComparison.Ordinal));
        result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32().ShouldBe(13);
        junit.Out.ShouldContain($"file=\"{given}/main.tf\"");
        junit.Out.ShouldContain("line=\"13\"");
    }
}
