using System.Text.Json;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Rules;
using Tollgate.Domain.Verdicts;
using Tollgate.Reports;

namespace Tollgate.Cli.Tests.Reports;

/// <summary>
/// A SARIF result's <c>artifactLocation</c> names a real file: the finding's own, else the file the report is about
/// (none for a model version or standard input: a logical location only). A file under the source root (the git work
/// tree holding the working directory, else the working directory) is a percent-encoded URI reference relative to
/// <c>%SRCROOT%</c>, which <c>originalUriBaseIds</c> defines; a file outside it is an absolute <c>file://</c> URI,
/// never <c>../</c>.
/// </summary>
public sealed class SarifLocationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tollgate-sarif-location-").FullName;

    public SarifLocationTests() => Directory.CreateDirectory(Path.Combine(_root, ".git"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string RootUri => "file://" + SarifArtifacts.Encode(_root) + "/";

    private static JsonElement Render(string subject, SourceLocation? at, string workingDirectory, string? input = null)
    {
        var finding = new Finding("k8s/readiness-probe", Severity.High, "Deployment/shop/checkout", "no readiness probe") { Location = at };
        var evidence = new Evidence("k8s-lint", subject, "sha256:x", [finding]);
        var report = GatePipeline.Judge(evidence, Policy.Default, [], TimeProvider.System);
        return JsonDocument.Parse(SarifReport.Render(report, new RuleCatalog([]), workingDirectory, input)).RootElement.GetProperty("runs")[0].Clone();
    }

    private static JsonElement Location(JsonElement run) => run.GetProperty("results")[0].GetProperty("locations")[0];

    private static JsonElement Artifact(JsonElement run) => Location(run).GetProperty("physicalLocation").GetProperty("artifactLocation");

    private static string? BaseUri(JsonElement run) =>
        run.TryGetProperty("originalUriBaseIds", out var bases) ? bases.GetProperty("%SRCROOT%").GetProperty("uri").GetString() : null;

    [Theory]
    [InlineData("k8s sp/check#1.yaml", "k8s%20sp/check%231.yaml")]
    [InlineData("rates/100%.yaml", "rates/100%25.yaml")]
    [InlineData("données/überall.yaml", "donn%C3%A9es/%C3%BCberall.yaml")]
    [InlineData("a?b/c[1].yaml", "a%3Fb/c%5B1%5D.yaml")]
    [InlineData("ROOT/k8s sp/x.yaml", "k8s%20sp/x.yaml")]
    public void Render_FindingLocation_IsAPercentEncodedReferenceAgainstTheSourceRoot(string file, string expected)
    {
        file = file.Replace("ROOT", _root, StringComparison.Ordinal);

        var run = Render("manifests", new SourceLocation(file, 7), _root);

        Artifact(run).GetProperty("uri").GetString().ShouldBe(expected);
        Artifact(run).GetProperty("uriBaseId").GetString().ShouldBe("%SRCROOT%");
        BaseUri(run).ShouldBe(RootUri);
        var resolved = new Uri(new Uri(BaseUri(run)!), expected);
        resolved.Fragment.ShouldBeEmpty();
        resolved.Query.ShouldBeEmpty();
        Uri.UnescapeDataString(resolved.AbsolutePath).ShouldBe(Path.GetFullPath(file, _root));
        Location(run).GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32().ShouldBe(7);
    }

    [Theory]
    [InlineData(".git directory")]
    [InlineData(".git file")]
    public void Render_BelowTheGitRoot_TheUriIsRelativeToTheRoot(string marker)
    {
        var root = Path.Combine(_root, "repo");
        Directory.CreateDirectory(Path.Combine(root, "deploy", "k8s"));
        if (marker == ".git file")
        {
            File.WriteAllText(Path.Combine(root, ".git"), "gitdir: /elsewhere/.git/worktrees/repo\n");
        }
        else
        {
            Directory.CreateDirectory(Path.Combine(root, ".git"));
        }

        var run = Render("k8s", new SourceLocation("k8s/web.yaml", 3), Path.Combine(root, "deploy"));

        Artifact(run).GetProperty("uri").GetString().ShouldBe("deploy/k8s/web.yaml");
        BaseUri(run).ShouldBe("file://" + SarifArtifacts.Encode(root) + "/");
    }

    [Theory]
    [InlineData(".", ".")]
    [InlineData("m/..", ".")]
    [InlineData("m/../m/x.yaml", "m/x.yaml")]
    [InlineData("..", null)]
    [InlineData("m/../..", null)]
    public void Of_RootItselfAndAboveIt_AnsweredAsTheApproversPathAnswers(string path, string? relative)
    {
        var artifacts = new SarifArtifacts(_root);

        var artifact = artifacts.Of(path).ShouldNotBeNull();

        // The root itself is under the root, as ApproverPath says: a %SRCROOT%-relative ".", not an absolute URI.
        artifact.BaseId.ShouldBe(relative is null ? null : SarifArtifacts.SourceRootId);
        artifact.Uri.ShouldBe(relative ?? "file://" + SarifArtifacts.Encode(Path.GetFullPath(path, _root)));
        Tollgate.Domain.Inputs.SourceRoot.Relative(_root, Path.GetFullPath(path, _root)).ShouldBe(relative);
    }

    [Fact]
    public void Render_NoGitWorkTree_TheWorkingDirectoryIsTheRoot()
    {
        var directory = Directory.CreateTempSubdirectory("tollgate-sarif-nogit-").FullName;
        try
        {
            Tollgate.Domain.Inputs.SourceRoot.Of(directory).ShouldBe(directory, "a directory above the temporary one is a git work tree");

            var run = Render("k8s", new SourceLocation("web.yaml", 3), directory);

            Artifact(run).GetProperty("uri").GetString().ShouldBe("web.yaml");
            BaseUri(run).ShouldBe("file://" + SarifArtifacts.Encode(directory) + "/");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Render_FileOutsideTheRoot_IsAnAbsoluteFileUriAndNeedsNoBase()
    {
        var run = Render("manifests", new SourceLocation("../shared/deploy #1.yaml", 7), _root);

        var outside = Path.GetFullPath(Path.Combine(_root, "..", "shared", "deploy #1.yaml"));
        Artifact(run).GetProperty("uri").GetString().ShouldBe("file://" + SarifArtifacts.Encode(outside));
        Artifact(run).TryGetProperty("uriBaseId", out _).ShouldBeFalse();
        Uri.UnescapeDataString(new Uri(Artifact(run).GetProperty("uri").GetString()!).AbsolutePath).ShouldBe(outside);
        BaseUri(run).ShouldBeNull();
    }

    [Fact]
    public void Render_SubjectThatIsAFile_IsEncodedToo()
    {
        Directory.CreateDirectory(Path.Combine(_root, "plans"));
        File.WriteAllText(Path.Combine(_root, "plans", "next plan#2.json"), "{}");

        Artifact(Render("plans/next plan#2.json", null, _root)).GetProperty("uri").GetString().ShouldBe("plans/next%20plan%232.json");
    }

    [Theory]
    [InlineData("fraud@3 → production")]
    [InlineData("checkout@prod v1.4.2")]
    [InlineData("missing.yaml")]
    public void Render_SubjectThatIsNoFile_HasOnlyTheLogicalLocation(string subject)
    {
        var run = Render(subject, null, _root);

        Location(run).TryGetProperty("physicalLocation", out _).ShouldBeFalse();
        Location(run).GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString().ShouldBe("Deployment/shop/checkout");
        BaseUri(run).ShouldBeNull();
    }

    [Fact]
    public void Render_SubjectThatIsNoFile_PointsAtTheFileTheCommandRead()
    {
        File.WriteAllText(Path.Combine(_root, "kpi spec.yaml"), "kpi: approved\n");

        var run = Render("fraud@3 → production", null, _root, input: "kpi spec.yaml");

        Artifact(run).GetProperty("uri").GetString().ShouldBe("kpi%20spec.yaml");
        Location(run).GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32().ShouldBe(1);
    }

    [Theory]
    [InlineData(3, 1, 7, 2, "3 1 7 2")]
    [InlineData(4, 5, 4, 29, "4 5 4 29")]
    [InlineData(7, 0, 0, 0, "7")]
    [InlineData(7, 2, 0, 0, "7 2")]
    [InlineData(7, 0, 9, 2, "7 9 2")]
    [InlineData(7, 0, 7, 1, "7")]
    [InlineData(7, 4, 7, 4, "7 4")]
    [InlineData(7, 4, 6, 9, "7 4")]
    public void Render_SpanEndKnown_TheRegionEndsAfterItsLastCharacter(int line, int column, int endLine, int endColumn, string expected)
    {
        // SARIF 2.1.0 §3.30: the end only after the start, which is the line's first column without one (an empty or reversed span keeps the start alone).
        var run = Render("infra", new SourceLocation(Path.Combine(_root, "main.tf"), line, column) { EndLine = endLine, EndColumn = endColumn }, _root);

        var region = Location(run).GetProperty("physicalLocation").GetProperty("region");
        string.Join(' ', region.EnumerateObject().Select(p => p.Value.GetInt32())).ShouldBe(expected);
        region.EnumerateObject().Select(p => p.Name).ShouldBe(new[] { "startLine", "startColumn", "endLine", "endColumn" }.Where(p => p != "startColumn" || column > 0).Take(expected.Split(' ').Length));
    }

    [Fact]
    public void Render_StandardInput_HasNoPhysicalLocationButKeepsTheLogicalOne()
    {
        foreach (var run in new[] { Render("-", null, _root), Render("-", new SourceLocation("-", 12), _root), Render("-", null, _root, input: "-") })
        {
            Location(run).TryGetProperty("physicalLocation", out _).ShouldBeFalse();
            Location(run).GetProperty("logicalLocations")[0].GetProperty("fullyQualifiedName").GetString().ShouldBe("Deployment/shop/checkout");
        }
    }

    [Fact]
    public async Task Plan_FromStandardInput_SarifHasNoUriAndEveryResultALogicalLocation()
    {
        var plan = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json"));

        var run = await CliRun.RunAsync(_root, new MemoryStream(plan), "plan", "-", "--format", "sarif", "--ledger", "l.db");

        run.Error.ShouldBeEmpty();
        var results = JsonDocument.Parse(run.Out).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        results.ShouldNotBeEmpty();
        run.Out.ShouldNotContain("\"uri\"");
        results.ShouldAllBe(r => r.GetProperty("locations")[0].GetProperty("logicalLocations").GetArrayLength() == 1);
    }

    [Fact]
    public async Task Plan_GivenByAbsolutePathFromAnotherDirectory_IsNeverADotDotReference()
    {
        var outside = Directory.CreateTempSubdirectory("tollgate-sarif-abs-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(outside, "m"));
            Directory.CreateDirectory(Path.Combine(outside, "in"));
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "mixed.json"), Path.Combine(outside, "in", "mixed.json"));
            Directory.CreateDirectory(Path.Combine(_root, "m"));

            var fromOutside = await CliRun.RunAsync(Path.Combine(outside, "m"), "plan", Path.Combine(outside, "in", "mixed.json"), "--format", "sarif", "--ledger", "l.db");
            var inRepository = await CliRun.RunAsync(Path.Combine(_root, "m"), "plan", Path.Combine(outside, "in", "mixed.json"), "--format", "sarif", "--ledger", "l.db");
            File.Copy(Path.Combine(outside, "in", "mixed.json"), Path.Combine(_root, "plan.json"));
            var underRoot = await CliRun.RunAsync(Path.Combine(_root, "m"), "plan", Path.Combine(_root, "plan.json"), "--format", "sarif", "--ledger", "l.db");

            var absolute = "file://" + SarifArtifacts.Encode(Path.Combine(outside, "in", "mixed.json"));
            Artifact(JsonDocument.Parse(fromOutside.Out).RootElement.GetProperty("runs")[0]).GetProperty("uri").GetString().ShouldBe(absolute);
            Artifact(JsonDocument.Parse(inRepository.Out).RootElement.GetProperty("runs")[0]).GetProperty("uri").GetString().ShouldBe(absolute);
            fromOutside.Out.ShouldNotContain("../");
            var relative = JsonDocument.Parse(underRoot.Out).RootElement.GetProperty("runs")[0];
            Artifact(relative).GetProperty("uri").GetString().ShouldBe("plan.json");
            BaseUri(relative).ShouldBe(RootUri);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task ModelRegister_WithoutLineage_PointsAtTheArtifactItRead()
    {
        File.WriteAllBytes(Path.Combine(_root, "model.bin"), [1, 2, 3]);

        var run = await CliRun.RunAsync(_root, "model", "register", "fraud", "--version", "1", "--artifact", "model.bin", "--ledger", "l.db", "--format", "sarif");

        run.ExitCode.ShouldBe(1, run.Error);
        var sarif = JsonDocument.Parse(run.Out).RootElement.GetProperty("runs")[0];
        sarif.GetProperty("results")[0].GetProperty("ruleId").GetString().ShouldBe("lineage-missing");
        Artifact(sarif).GetProperty("uri").GetString().ShouldBe("model.bin");
        run.Out.ShouldNotContain("fraud%40");
    }

    [Fact]
    public async Task ModelDrift_WithAndWithoutModel_PointsAtTheCurrentDataAndRecordsItAsGiven()
    {
        // Before: with --model every result pointed at the reference file, and without it the subject was the full path.
        var data = Directory.CreateDirectory(Path.Combine(_root, "data")).FullName;
        foreach (var name in (string[])["reference.csv", "current.csv", "conversion.csv"])
        {
            File.Copy(Tollgate.Testing.Repository.File("examples", "models", name), Path.Combine(data, name));
        }

        File.WriteAllText(Path.Combine(_root, "model.bin"), "weights");
        (await CliRun.RunAsync(_root, "model", "register", "fraud", "--version", "1", "--artifact", "model.bin", "--dataset", "data/reference.csv", "--ledger", "l.db")).ExitCode.ShouldBe(0);
        string[] drift = ["model", "drift", "--reference", "data/reference.csv", "--current", "data/current.csv", "--ledger", "l.db"];
        var named = await CliRun.RunAsync(_root, [.. drift, "--model", "fraud", "--format", "sarif"]);
        var file = await CliRun.RunAsync(_root, [.. drift, "--format", "sarif"]);
        var trend = await CliRun.RunAsync(_root, "model", "trend", "--series", "data/conversion.csv", "--ledger", "l.db", "--format", "json");
        var recorded = await CliRun.RunAsync(_root, "verdicts", "--ledger", "l.db", "--format", "json");

        named.ExitCode.ShouldBe(1, named.Error);
        foreach (var run in new[] { named, file })
        {
            var results = JsonDocument.Parse(run.Out).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
            results.ShouldNotBeEmpty();
            results.Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()).Distinct().ShouldBe(["data/current.csv"]);
        }

        JsonDocument.Parse(trend.Out).RootElement.GetProperty("subject").GetString().ShouldBe("data/conversion.csv");
        recorded.Out.ShouldContain("data/current.csv");
        recorded.Out.ShouldNotContain(_root);
    }
}
