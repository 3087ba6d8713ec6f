using System.Text.Json;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Lineage;
using Tollgate.Models.Registry;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Registry;

public sealed class RegisterGateTests
{
    [Fact]
    public async Task RunAsync_WithoutDataset_FailsLineageMissingAndRegistersNothing()
    {
        await using var m = await ModelLedger.OpenAsync();
        m.Write("model.bin", "weights");

        var report = await new RegisterGate(m.Registry).RunAsync(new RegisterRequest("fraud", "1", "model.bin", []), m.Context());

        report.Verdict.ShouldBe(Verdict.Fail);
        report.ExitCode.ShouldBe(1);
        report.Findings.ShouldHaveSingleItem().Rule.ShouldBe("lineage-missing");
        (await m.Registry.FindAsync("fraud", "1")).ShouldBeNull();
        (await m.Ledger.RecentAsync("model-register", 5)).ShouldHaveSingleItem().Verdict.ShouldBe("fail");
    }

    [Fact]
    public async Task RunAsync_EmptyArtifactOrDataset_RegistersButNotesEach()
    {
        await using var m = await ModelLedger.OpenAsync();
        m.Write("model.bin", "");
        m.Write("train.csv", "");
        m.Write("features/a.csv", "");
        m.Write("labels.csv", "id,label\n1,0\n");

        var report = await new RegisterGate(m.Registry).RunAsync(new RegisterRequest("fraud", "1", "model.bin", ["train.csv", "features", "labels.csv"]), m.Context());

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        report.Notes.ShouldBe([
            "--artifact model.bin is empty (0 bytes): registered as given, under the digest every empty file has; check that the model file was written",
            "--dataset train.csv is empty (0 bytes): registered as given, under the digest every empty file has; check that the data was written",
            "--dataset features is empty (0 bytes, 1 file, all empty): registered as given, under the digest every empty file has; check that the data was written",
        ]);
        (await m.Registry.FindAsync("fraud", "1")).ShouldNotBeNull();
    }

    [Fact]
    public async Task RunAsync_PolicyExceptsLineageMissing_RegistersTheVersion()
    {
        await using var m = await ModelLedger.OpenAsync();
        m.Write("model.bin", "weights");
        var policy = Policy.Default with { Exceptions = [new PolicyException("lineage-missing", "legacy@*", "pre-registry model", "ml", new DateOnly(2027, 1, 1))] };

        var report = await new RegisterGate(m.Registry).RunAsync(new RegisterRequest("legacy", "1", "model.bin", []), m.Context(policy));

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        (await m.Registry.FindAsync("legacy", "1")).ShouldNotBeNull();
        report.Reason.ShouldEndWith("(legacy@1 registered without a training dataset on record)");

        // Again without the exception: the same content is registered already, and lineage-missing fails it.
        var again = await new RegisterGate(m.Registry).RunAsync(new RegisterRequest("legacy", "1", "model.bin", []), m.Context());
        again.Verdict.ShouldBe(Verdict.Fail);
        again.Reason.ShouldBe("legacy@1 has no training dataset on record (registered before, with this content)");
    }

    [Fact]
    public async Task RunAsync_FileDirectoryAndDvcLock_RecordsFullContentDigestsAndOpenLineage()
    {
        await using var m = await ModelLedger.OpenAsync();
        m.Write("model.bin", "weights");
        var labels = m.Write("labels.csv", "id,label\n1,0\n");
        m.Write("train/a.csv", "x\n1\n");
        m.Write("train/sub/b.csv", "x\n2\n");
        m.Write("dvc.lock", ModelFixtures.DvcLock);
        m.Write("params.json", """{"depth": 6}""");

        var report = await new RegisterGate(m.Registry).RunAsync(
            new RegisterRequest("fraud", "2", "model.bin", ["labels.csv", "train", "dvc.lock"]) { CodeCommit = "c0ffee", Params = "params.json", OpenLineage = "ol.json" }, m.Context());

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        var version = (await m.Registry.FindAsync("fraud", "2"))!;
        version.Datasets.Select(d => d.Digest).ShouldBe(
        [
            "md5:3863d0e317dee0a55c4e59d2ec0eef33.dir",
            "md5:a304afb96060aad90176268345e10355",
            "sha256:" + ContentHash.HexOfFile(labels),
            version.Datasets.Single(d => d.Kind == "directory").Digest,
        ], ignoreOrder: true);
        version.Datasets.Single(d => d.Kind == "directory").Files.ShouldBe(2);
        version.Datasets.Single(d => d.Path == "data/features").Files.ShouldBe(4);
        using var ol = Lineage.OpenLineageLines.Complete(m.Dir.File("ol.json"));
        ol.RootElement.GetProperty("eventType").GetString().ShouldBe("COMPLETE");
        ol.RootElement.GetProperty("inputs").GetArrayLength().ShouldBe(4);
        ol.RootElement.GetProperty("outputs")[0].GetProperty("facets").GetProperty("version").GetProperty("datasetVersion").GetString().ShouldBe("2");
        var facet = ol.RootElement.GetProperty("outputs")[0].GetProperty("facets").GetProperty("tollgate_model"); // {prefix}_{name}, as the spec names custom facets
        facet.GetProperty("artifactDigest").GetString().ShouldBe(version.ArtifactDigest);
        facet.GetProperty("codeCommit").GetString().ShouldBe("c0ffee");
        var schema = facet.GetProperty("_schemaURL").GetString()!;
        schema.ShouldMatch(@"^https://raw\.githubusercontent\.com/tollgate-dev/tollgate/v[0-9]+\.[0-9]+\.[0-9]+[^+/]*/docs/openlineage/TollgateModelFacet\.json#/\$defs/TollgateModelFacet$");
        using var committed = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "docs", "openlineage", "TollgateModelFacet.json")));
        committed.RootElement.GetProperty("$defs").TryGetProperty("TollgateModelFacet", out _).ShouldBeTrue(); // the pointer's target exists
        Guid.TryParse(ol.RootElement.GetProperty("run").GetProperty("runId").GetString(), out _).ShouldBeTrue();
    }

    [Fact]
    public async Task RunAsync_OpenLineageEventCannotBeWritten_RecordsNeitherTheVersionNorAVerdict()
    {
        await using var m = await ModelLedger.OpenAsync();
        m.Write("model.bin", "weights");
        m.Write("train.csv", "x\n1\n");
        Directory.CreateDirectory(m.Dir.File("events"));

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => new RegisterGate(m.Registry).RunAsync(
            new RegisterRequest("fraud", "1", "model.bin", ["train.csv"]) { OpenLineage = "events" }, m.Context()));

        error.Message.ShouldBe($"cannot write the OpenLineage event to {m.Dir.File("events")}: it is a directory; fraud@1 was not registered and nothing was recorded: give a path that can be written and register again");
        (await m.Registry.FindAsync("fraud", "1")).ShouldBeNull();
        (await m.Ledger.RecentAsync(null, 5)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_OpenLineagePermissionDenied_OneLineSayingTheVersionWasNotRegistered()
    {
        // Tests run as root, which writes anywhere: the writer is refused as a read-only directory refuses others.
        await using var m = await ModelLedger.OpenAsync();
        m.Write("model.bin", "weights");
        m.Write("train.csv", "x\n1\n");

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => new RegisterGate(m.Registry, (path, bytes, token) => throw new UnauthorizedAccessException($"Access to the path '{path}' is denied."))
            .RunAsync(new RegisterRequest("fraud", "1", "model.bin", ["train.csv"]) { OpenLineage = "locked/ol.json" }, m.Context()));

        error.Message.ShouldBe($"cannot write the OpenLineage event to {m.Dir.File("locked/ol.json")}: permission denied; fraud@1 was not registered and nothing was recorded: give a path that can be written and register again");
        (await m.Registry.FindAsync("fraud", "1")).ShouldBeNull();
        (await m.Ledger.RecentAsync(null, 5)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_LedgerRefusesAfterTheEventWasWritten_SaysTheEventNamesAVersionNotRegistered()
    {
        await using var m = await ModelLedger.OpenAsync();
        m.Write("model.bin", "weights");
        m.Write("train.csv", "x\n1\n");
        await m.RefuseAsync("model_versions");

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => new RegisterGate(m.Registry)
            .RunAsync(new RegisterRequest("fraud", "1", "model.bin", ["train.csv"]) { OpenLineage = "ol.json" }, m.Context()));

        error.Message.ShouldStartWith($"cannot record a registration in the ledger at {m.Dir.File("ledger.db")}: ");
        error.Message.ShouldEndWith($"; the OpenLineage event was written to {m.Dir.File("ol.json")}, but fraud@1 was not registered: register it again once the ledger records");
        error.Message.ShouldNotContain('\n');
        File.Exists(m.Dir.File("ol.json")).ShouldBeTrue();
        (await m.Ledger.RecentAsync(null, 5)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_OpenLineageWritten_RecordsTheVersionWithItsVerdictAfterIt()
    {
        await using var m = await ModelLedger.OpenAsync();
        m.Write("model.bin", "weights");
        m.Write("train.csv", "x\n1\n");
        var recordedWhenWritten = -1;

        var report = await new RegisterGate(m.Registry, async (path, bytes, token) =>
        {
            recordedWhenWritten = (await m.Ledger.RecentAsync(null, 5, token)).Count + ((await m.Registry.FindAsync("fraud", "1", token)) is null ? 0 : 1);
            await File.WriteAllBytesAsync(path, bytes, token);
        }).RunAsync(new RegisterRequest("fraud", "1", "model.bin", ["train.csv"]) { OpenLineage = "ol.json" }, m.Context());

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        recordedWhenWritten.ShouldBe(0, "the event is written before anything is recorded");
        File.Exists(m.Dir.File("ol.json")).ShouldBeTrue();
        (await m.Registry.FindAsync("fraud", "1")).ShouldNotBeNull();
        (await m.Ledger.RecentAsync("model-register", 5)).ShouldHaveSingleItem().Digest.ShouldBe(report.Digest);
    }

    [Fact]
    public async Task DirectoryDigest_AnyFileChangedOrRenamed_ChangesTheDigest()
    {
        await using var m = await ModelLedger.OpenAsync();
        m.Write("d/a.csv", "1");
        m.Write("d/b.csv", "2");
        string Digest() => DatasetDigest.Of(m.Dir.File("d"), "d").Single().Digest;
        var first = Digest();
        Digest().ShouldBe(first);

        File.Move(m.Dir.File("d/b.csv"), m.Dir.File("d/c.csv"));
        var renamed = Digest();
        m.Write("d/c.csv", "3");
        var changed = Digest();

        new[] { first, renamed, changed }.Distinct().Count().ShouldBe(3);
    }

    [Fact]
    public async Task RunAsync_SameVersionDifferentArtifact_IsAnInputError()
    {
        await using var m = await ModelLedger.OpenAsync();
        m.Write("model.bin", "weights");
        m.Write("train.csv", "x\n1\n");
        var gate = new RegisterGate(m.Registry);
        (await gate.RunAsync(new RegisterRequest("fraud", "1", "model.bin", ["train.csv"]), m.Context())).Verdict.ShouldBe(Verdict.Pass);
        (await gate.RunAsync(new RegisterRequest("fraud", "1", "model.bin", ["train.csv"]), m.Context())).Verdict.ShouldBe(Verdict.Pass);

        m.Write("model.bin", "other weights");
        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => gate.RunAsync(new RegisterRequest("fraud", "1", "model.bin", ["train.csv"]), m.Context()));
        error.Message.ShouldContain("immutable");
    }

    [Theory]
    [InlineData("fraud", "1@2", "--version '1@2' has an '@': a version has no spaces, control characters or '@'")]
    [InlineData("fraud@1", "2", "model name 'fraud@1' has an '@': a model name has no spaces, control characters or '@'")]
    [InlineData("fr aud", "1", "model name 'fr aud' has a space: a model name has no spaces, control characters or '@'")]
    [InlineData("fraud", "1 2", "--version '1 2' has a space: a version has no spaces, control characters or '@'")]
    [InlineData("fraud", " ", "--version is empty: give the version to register")]
    [InlineData("", "1", "NAME is empty: name the model to register")]
    public async Task RunAsync_NameOrVersionThatCannotBeNamedBack_IsAnInputErrorAndRecordsNothing(string name, string version, string message)
    {
        // Before, --version 1@2 registered model "fraud@1" at version 2.
        await using var m = await ModelLedger.OpenAsync();
        m.Write("model.bin", "weights");
        m.Write("train.csv", "id,label\n1,0\n");

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => new RegisterGate(m.Registry).RunAsync(new RegisterRequest(name, version, "model.bin", ["train.csv"]), m.Context()));

        error.Message.ShouldBe(message);
        (await m.Registry.FindAsync("fraud@1", "2")).ShouldBeNull();
        (await m.Ledger.RecentAsync("model-register", 5)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_DirectoryPushedToVersionedRemote_CountsItsFilesOnce()
    {
        // The object version of each pushed file is a dataset beside the directory's md5, but the same bytes: the
        // summary said 4 files and 18 bytes for a directory of 2 files and 9 bytes.
        await using var m = await ModelLedger.OpenAsync();
        m.Write("model.bin", "weights");
        m.Write("features.dvc", """
            outs:
            - path: features
              hash: md5
              files:
              - relpath: train.csv
                md5: 8b2b053281052e364ae868619269c035
                size: 5
                cloud: {lake: {etag: 8b2b053281052e364ae868619269c035, version_id: 2rTx}}
              - relpath: test.csv
                md5: 2306b4377429730ee03a806cff76e92b
                size: 4
                cloud: {lake: {etag: abc}}
            """);

        var report = await new RegisterGate(m.Registry).RunAsync(new RegisterRequest("fraud", "1", "model.bin", ["features.dvc"]), m.Context());

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        report.Reason.ShouldEndWith("3 datasets, 2 files");
        report.Summary.ShouldContain(new KeyValuePair<string, long>("files", 2));
        report.Summary.ShouldContain(new KeyValuePair<string, long>("bytes", 9));
    }

    [Fact]
    public async Task RunAsync_MissingDataset_IsAnInputErrorNamingIt()
    {
        await using var m = await ModelLedger.OpenAsync();
        m.Write("model.bin", "weights");
        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => new RegisterGate(m.Registry).RunAsync(new RegisterRequest("fraud", "1", "model.bin", ["nope.csv"]), m.Context()));
        error.Message.ShouldContain("nope.csv");
    }

    [Theory]
    [InlineData("empty", "--artifact empty: the directory holds no files")]
    [InlineData("missing.bin", "--artifact missing.bin does not exist")]
    public async Task RunAsync_ArtifactThatCannotBeDigested_NamesArtifactNotDataset(string artifact, string message)
    {
        // An empty artifact directory was refused as "--dataset empty: the directory holds no files".
        await using var m = await ModelLedger.OpenAsync();
        m.Write("train.csv", "x\n1\n");
        Directory.CreateDirectory(m.Dir.File("empty"));

        var error = await Should.ThrowAsync<Domain.InvalidInputException>(() => new RegisterGate(m.Registry).RunAsync(new RegisterRequest("fraud", "1", artifact, ["train.csv"]), m.Context()));

        error.Message.ShouldBe(message);
        (await m.Ledger.RecentAsync("model-register", 5)).ShouldBeEmpty();
    }

    private static string RepoRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", ".."));
}
