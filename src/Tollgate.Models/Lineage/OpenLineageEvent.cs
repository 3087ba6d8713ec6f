using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;

namespace Tollgate.Models.Lineage;

/// <summary>
/// A registration as the OpenLineage run of its training (https://openlineage.io/spec/2-0-2/OpenLineage.json), two
/// RunEvents of one run, as the spec requires of every run ("1 START event and 1 of [COMPLETE, ABORT, FAIL]"): a START
/// naming the job <c>train/NAME</c> and the datasets it read, then a COMPLETE that repeats them (the spec's events are
/// accumulative, and consumers that take COMPLETE events only see the whole run in it) and adds the model as output.
/// Every dataset is an input whose <c>version</c> facet carries its full content digest; the model's <c>version</c>
/// facet is the registered version and its <c>tollgate_model</c> facet (a custom facet named <c>{prefix}_{name}</c> as
/// the spec asks, its schema in docs/openlineage/TollgateModelFacet.json, pointed at by the release's tag so the pointer
/// never changes) carries the artifact digest and code commit. The events are one JSON object a line, as OpenLineage's
/// own file transport appends them. The run id is derived from NAME@VERSION and the artifact digest, so writing it
/// again gives the same events.
/// </summary>
public static class OpenLineageEvent
{
    private const string Producer = "https://github.com/tollgate-dev/tollgate";
    private const string ModelFacet = "tollgate_model";
    private const string VersionFacet = "https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet";

    /// <summary>How long before the COMPLETE (the registration) the START is dated: the events' times are to the millisecond.</summary>
    public static readonly TimeSpan StartBefore = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// The START and COMPLETE events of <paramref name="version"/>'s run, a line each; a dataset read from the file system is named by its absolute path
    /// (relative ones resolved against <paramref name="workingDirectory"/>) in namespace <c>file</c>, as OpenLineage's
    /// naming spec names local files (https://openlineage.io/docs/spec/naming/#local-file-system), so the same file is
    /// one dataset whichever directory a job ran in and joins other producers' lineage; a DVC output keeps its path in
    /// the repository, in namespace <c>dvc</c>. The COMPLETE's time is the registration's, the START's
    /// <see cref="StartBefore"/> earlier (when training started is not known), so a consumer ordering a run's transitions
    /// by time sees the START first; when the registration's time is unknown (a version imported from MLflow without
    /// <c>creation_timestamp</c>), <paramref name="now"/>, the time the event is written, stands for it, since
    /// OpenLineage requires one and 1970 would be a false one.
    /// </summary>
    public static byte[] Write(ModelVersion version, string workingDirectory, DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        foreach (var eventType in (string[])["START", "COMPLETE"])
        {
            using (var json = new Utf8JsonWriter(buffer))
            {
                WriteEvent(json, eventType, version, workingDirectory, now);
            }

            buffer.WriteByte((byte)'\n');
        }

        return buffer.ToArray();
    }

    /// <summary>One RunEvent of the run; only COMPLETE has the model as output (a START's run has made nothing yet).</summary>
    private static void WriteEvent(Utf8JsonWriter json, string eventType, ModelVersion version, string workingDirectory, DateTimeOffset now)
    {
        json.WriteStartObject();
        json.WriteString("eventType", eventType);
        var completed = version.RegisteredAt ?? now;
        json.WriteString("eventTime", Rfc3339.FormatMillis(eventType == "START" ? completed - StartBefore : completed));
        json.WriteStartObject("run");
        json.WriteString("runId", RunId(version));
        json.WriteEndObject();
        json.WriteStartObject("job");
        json.WriteString("namespace", "tollgate");
        json.WriteString("name", "train/" + version.Name);
        json.WriteEndObject();
        json.WriteStartArray("inputs");
        foreach (var dataset in version.Datasets)
        {
            json.WriteStartObject();
            var dvc = dataset.Kind.StartsWith("dvc", StringComparison.Ordinal);
            json.WriteString("namespace", dvc ? "dvc" : "file");
            json.WriteString("name", dvc ? dataset.Path : Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataset.Path, workingDirectory)).Replace('\\', '/'));
            json.WriteStartObject("facets");
            Version(json, dataset.Digest);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("outputs");
        if (eventType == "COMPLETE")
        {
            Model(json, version);
        }

        json.WriteEndArray();
        json.WriteString("producer", Producer + "/releases/" + ToolInfo.Current.Version);
        json.WriteString("schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent");
        json.WriteEndObject();
    }

    private static void Model(Utf8JsonWriter json, ModelVersion version)
    {
        json.WriteStartObject();
        json.WriteString("namespace", "tollgate-model");
        json.WriteString("name", version.Name);
        json.WriteStartObject("facets");
        Version(json, version.Version);
        json.WriteStartObject(ModelFacet);
        json.WriteString("_producer", Producer);
        json.WriteString("_schemaURL", $"https://raw.githubusercontent.com/tollgate-dev/tollgate/v{ToolInfo.Current.Version.Split('+')[0]}/docs/openlineage/TollgateModelFacet.json#/$defs/TollgateModelFacet");
        json.WriteString("artifactDigest", version.ArtifactDigest);
        if (version.CodeCommit is { } commit)
        {
            json.WriteString("codeCommit", commit);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Version(Utf8JsonWriter json, string datasetVersion)
    {
        json.WriteStartObject("version");
        json.WriteString("_producer", Producer);
        json.WriteString("_schemaURL", VersionFacet);
        json.WriteString("datasetVersion", datasetVersion);
        json.WriteEndObject();
    }

    /// <summary>A UUID (version 4 layout) from SHA-256 of NAME@VERSION and the artifact digest.</summary>
    private static string RunId(ModelVersion version)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(version.Id + "\n" + version.ArtifactDigest))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
