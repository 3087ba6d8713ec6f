using System.Text.Json;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Rules;
using Tollgate.Reports;

namespace Tollgate.Cli.Tests.Reports;

/// <summary>
/// A SARIF result's <c>artifactLocation.uri</c> is a URI reference (RFC 3986) that names the file: each path segment
/// percent-encoded, relative to the working directory; input read from standard input has no file and so no
/// physical location, only the logical one.
/// </summary>
public sealed class SarifLocationTests
{
    private const string WorkingDirectory = "/work/repo";

    private static JsonElement Location(string subject, SourceLocation? at)
    {
        var finding = new Finding("k8s/readiness-probe", Severity.High, "Deployment/shop/checkout", "no readiness probe") { Location = at };
        var evidence = new Evidence("k8s-lint", subject, "sha256:x", [finding]);
        var report = GatePipeline.Judge(evidence, Policy.Default, [], TimeProvider.System);
        var sarif = JsonDocument.Parse(SarifReport.Render(report, new RuleCatalog([]), WorkingDirectory)).RootElement;
        return sarif.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("locations")[0].Clone();
    }

    private static string Uri(JsonElement location) =>
        location.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!;

    [Theory]
    [InlineData("k8s sp/check#1.yaml", "k8s%20sp/check%231.yaml")]
    [InlineData("rates/100%.yaml", "rates/100%25.yaml")]
    [InlineData("données/überall.yaml", "donn%C3%A9es/%C3%BCberall.yaml")]
    [InlineData("a?b/c[1].yaml", "a%3Fb/c%5B1%5D.yaml")]
    [InlineData("../shared/deploy.yaml", "../shared/deploy.yaml")]
    [InlineData("/work/repo/k8s sp/x.yaml", "k8s%20sp/x.yaml")]
    public void Render_FindingLocation_IsAPercentEncodedRelativeReference(string file, string expected)
    {
        var location = Location("manifests", new SourceLocation(file, 7));

        var uri = Uri(location);

        uri.ShouldBe(expected);
        var resolved = new Uri(new Uri("file:///work/repo/"), uri);
        resolved.Fragment.ShouldBeEmpty();
        resolved.Query.ShouldBeEmpty();
        System.Uri.UnescapeDataString(resolved.AbsolutePath).ShouldBe(Path.GetFullPath(file, WorkingDirectory));
        location.GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32().ShouldBe(7);
    }

    [Fact]
    public void Render_SubjectWithoutLocation_IsEncodedToo()
    {
        Uri(Location("plans/next plan#2.json", null)).ShouldBe("plans/next%20plan%232.json");
    }

    [Fact]
    public void Render_StandardInput_HasNoPhysicalLocationButKeepsTheLogicalOne()
    {
        foreach (var location in new[] { Location("-", null), Location("-", new SourceLocation("-", 12)) })
        {
            location.TryGetProperty("physicalLocation", out _).ShouldBeFalse();
            location.GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString().ShouldBe("Deployment/shop/checkout");
        }
    }

    [Fact]
    public async Task Plan_FromStandardInput_SarifHasNoUriAndEveryResultALogicalLocation()
    {
        var directory = Directory.CreateTempSubdirectory("tollgate-sarif-");
        try
        {
            var plan = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json"));

            var run = await CliRun.RunAsync(directory.FullName, new MemoryStream(plan), "plan", "-", "--format", "sarif");

            run.Error.ShouldBeEmpty();
            var results = JsonDocument.Parse(run.Out).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
            results.ShouldNotBeEmpty();
            run.Out.ShouldNotContain("\"uri\"");
            results.ShouldAllBe(r => r.GetProperty("locations")[0].GetProperty("logicalLocations").GetArrayLength() == 1);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
