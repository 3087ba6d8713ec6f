using System.Globalization;
using System.Text.Json;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Registry;
using Tollgate.Testing;

namespace Tollgate.Models.Tests.Lineage;

/// <summary>
/// The event <c>model register --openlineage FILE</c> writes holds what the OpenLineage 2-0-2 spec
/// (https://openlineage.io/spec/2-0-2/OpenLineage.json) requires of a RunEvent, in the formats it names: a consumer
/// (Marquez, a lineage proxy) validating against the schema takes it.
/// </summary>
public sealed class OpenLineageRunEventTests
{
    private static readonly string[] EventTypes = ["START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"];

    [Fact]
    public async Task Register_WithOpenLineage_WritesARunEventWithEveryFieldTheSpecRequires()
    {
        await using var m = await ModelLedger.OpenAsync();
        m.Write("model.bin", "weights");
        m.Write("labels.csv", "id,label\n1,0\n");
        m.Write("train/a.csv", "x\n1\n");
        m.Write("dvc.lock", ModelFixtures.DvcLock);

        var report = await new RegisterGate(m.Registry).RunAsync(
            new RegisterRequest("fraud", "2", "model.bin", ["labels.csv", "train", "dvc.lock"]) { CodeCommit = "c0ffee", OpenLineage = "ol.json" }, m.Context());

        report.Verdict.ShouldBe(Verdict.Pass, report.Reason);
        using var ol = JsonDocument.Parse(File.ReadAllText(m.Dir.File("ol.json")));
        var run = ol.RootElement;
        // BaseEvent: eventTime (date-time), producer (uri), schemaURL (uri, this version's RunEvent)
        DateTime(Text(run, "eventTime")).ShouldBe(m.Clock.GetUtcNow());
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
        var inputs = run.GetProperty("inputs").EnumerateArray().ToList();
        var outputs = run.GetProperty("outputs").EnumerateArray().ToList();
        inputs.Count.ShouldBe(4); // labels.csv, train, and the two outputs of dvc.lock's stage it trained on
        outputs.Count.ShouldBe(1);
        var facets = 0;
        foreach (var dataset in inputs.Concat(outputs))
        {
            Text(dataset, "namespace").ShouldNotBeEmpty();
            Text(dataset, "name").ShouldNotBeEmpty();
            Text(dataset.GetProperty("facets").GetProperty("version"), "datasetVersion").ShouldNotBeEmpty();
            facets += Facets(dataset, "facets") + Facets(dataset, "inputFacets") + Facets(dataset, "outputFacets");
        }

        facets += Facets(run.GetProperty("run"), "facets") + Facets(run.GetProperty("job"), "facets");
        facets.ShouldBe(inputs.Count + (outputs.Count * 2)); // a version facet on each dataset, and the model's tollgate_model facet
        Uri(Text(outputs[0].GetProperty("facets").GetProperty("version"), "_schemaURL")).Fragment.ShouldBe("#/$defs/DatasetVersionDatasetFacet");
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
