using System.Globalization;
using System.Text.Json;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Registry;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Lineage;

/// <summary>
/// The events <c>model register --openlineage FILE</c> writes hold what the OpenLineage 2-0-2 spec
/// (https://openlineage.io/spec/2-0-2/OpenLineage.json) requires of a RunEvent, in the formats it names, and of a run:
/// a START and then one terminal event; a consumer (Marquez, a lineage proxy) validating against the schema takes them.
/// </summary>
public sealed class OpenLineageRunEventTests
{
    private static readonly string[] EventTypes = ["START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"];

    [Fact]
    public async Task Register_WithOpenLineage_WritesARunEventWithEveryFieldTheSpecRequires()
    {
        await using var m = await WrittenAsync();

        var events = OpenLineageLines.Read(m.Dir.File("ol.json"));

        events.Length.ShouldBe(2);
        Required(events[0].RootElement, m.Clock.GetUtcNow() - Tollgate.Models.Lineage.OpenLineageEvent.StartBefore, inputs: 4, outputs: 0);
        Required(events[1].RootElement, m.Clock.GetUtcNow(), inputs: 4, outputs: 1);
    }

    [Fact]
    public async Task Register_WithOpenLineage_WritesTheRunCycleTheSpecRequiresOneStartThenOneComplete()
    {
        // Before: one COMPLETE event alone, where the spec requires "1 START event and 1 of [ COMPLETE, ABORT, FAIL ]" per run.
        await using var m = await WrittenAsync();

        var events = OpenLineageLines.Read(m.Dir.File("ol.json")).Select(e => e.RootElement).ToList();

        events.Select(e => Text(e, "eventType")).ShouldBe(["START", "COMPLETE"]);
        events.Select(e => Text(e.GetProperty("run"), "runId")).Distinct().ShouldHaveSingleItem();
        events.Select(e => Text(e.GetProperty("job"), "namespace") + "/" + Text(e.GetProperty("job"), "name")).Distinct().ShouldHaveSingleItem().ShouldBe("tollgate/train/fraud");
        DateTime(Text(events[0], "eventTime")).ShouldBeLessThan(DateTime(Text(events[1], "eventTime")));
        // Accumulative: the COMPLETE names every input the START did (a consumer reading COMPLETE events only sees the whole run), and the model only it.
        Names(events[1], "inputs").ShouldBe(Names(events[0], "inputs"));
        Names(events[0], "outputs").ShouldBeEmpty();
        Names(events[1], "outputs").ShouldBe(["tollgate-model fraud"]);
    }

    /// <summary>fraud@2 registered with a file, a directory and a DVC lock's two outputs, its events written to ol.json.</summary>
    private static async Task<ModelLedger> WrittenAsync()
    {
        var m = await ModelLedger.OpenAsync();
        m.Write("model.bin", "weights");
        m.Write("labels.csv", "id,label\n1,0\n");
        m.Write("train/a.csv", "x\n1\n");
        m.Write("dvc.lock", ModelFixtures.DvcLock);
        var report = await new RegisterGate(m.Registry).RunAsync(
            new RegisterRequest("fraud", "2", "model.bin", ["labels.csv", "train", "dvc.lock"]) { CodeCommit = "c0ffee", OpenLineage = "ol.json" }, m.Context());
        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        return m;
    }

    private static string[] Names(JsonElement run, string property) =>
        [.. run.GetProperty(property).EnumerateArray().Select(d => Text(d, "namespace") + " " + Text(d, "name"))];

    /// <summary>Checks one RunEvent against what the 2-0-2 schema requires of it, with that many inputs and outputs.</summary>
    private static void Required(JsonElement run, DateTimeOffset at, int inputs, int outputs)
    {
        // BaseEvent: eventTime (date-time), producer (uri), schemaURL (uri, this version's RunEvent)
        DateTime(Text(run, "eventTime")).ShouldBe(at);
        Uri(Text(run, "producer"));
        var schema = Uri(Text(run, "schemaURL"));
        schema.GetLeftPart(UriPartial.Path).ShouldBe("https://openlineage.io/spec/2-0-2/OpenLineage.json");
        schema.Fragment.ShouldBe("#/$defs/RunEvent");
        // RunEvent: eventType one of the enum, run.runId a UUID, job namespace and name
        EventTypes.ShouldContain(Text(run, "eventType"));
        Guid.TryParseExact(Text(run.GetProperty("run"), "runId"), "D", out _).ShouldBeTrue("run.runId is a UUID (8-4-4-4-12 hex)");
        Text(run.GetProperty("job"), "namespace").ShouldNotBeEmpty();
        Text(run.GetProperty("job"), "name").ShouldNotBeEmpty();
        // Datasets: namespace and name; every facet _producer and _schemaURL (uri); the version facet its datasetVersion
        var read = run.GetProperty("inputs").EnumerateArray().ToList();
        var written = run.GetProperty("outputs").EnumerateArray().ToList();
        read.Count.ShouldBe(inputs); // labels.csv, train, and the two outputs of dvc.lock's stage it trained on
        written.Count.ShouldBe(outputs);
        var facets = 0;
        foreach (var dataset in read.Concat(written))
        {
            Text(dataset, "namespace").ShouldNotBeEmpty();
            Text(dataset, "name").ShouldNotBeEmpty();
            Text(dataset.GetProperty("facets").GetProperty("version"), "datasetVersion").ShouldNotBeEmpty();
            Uri(Text(dataset.GetProperty("facets").GetProperty("version"), "_schemaURL")).Fragment.ShouldBe("#/$defs/DatasetVersionDatasetFacet");
            facets += Facets(dataset, "facets") + Facets(dataset, "inputFacets") + Facets(dataset, "outputFacets");
        }

        facets += Facets(run.GetProperty("run"), "facets") + Facets(run.GetProperty("job"), "facets");
        facets.ShouldBe(read.Count + (written.Count * 2)); // a version facet on each dataset, and the model's tollgate_model facet
    }

    /// <summary>Checks the BaseFacet fields of each facet under <paramref name="property"/> (if there is one); how many facets it has.</summary>
    private static int Facets(JsonElement owner, string property)
    {
        if (!owner.TryGetProperty(property, out var facets))
        {
            return 0;
        }

        var count = 0;
        foreach (var facet in facets.EnumerateObject())
        {
            Uri(Text(facet.Value, "_producer"));
            Uri(Text(facet.Value, "_schemaURL"));
            count++;
        }

        return count;
    }

    private static string Text(JsonElement owner, string property)
    {
        owner.TryGetProperty(property, out var value).ShouldBeTrue($"{property} is required");
        value.ValueKind.ShouldBe(JsonValueKind.String, property);
        return value.GetString()!;
    }

    /// <summary>An absolute URI (JSON Schema <c>format: uri</c>).</summary>
    private static Uri Uri(string text)
    {
        System.Uri.TryCreate(text, UriKind.Absolute, out var uri).ShouldBeTrue($"{text} is an absolute URI");
        uri!.Scheme.ShouldBeOneOf("https", "http");
        return uri;
    }

    /// <summary>An RFC 3339 date-time (JSON Schema <c>format: date-time</c>): full date, time, and offset.</summary>
    private static DateTimeOffset DateTime(string text)
    {
        text.ShouldMatch(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$");
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at).ShouldBeTrue(text);
        return at;
    }
}
