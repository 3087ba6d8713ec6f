using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Inputs;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Registry;
using Tollgate.Models.Gates;
using Tollgate.Models.Lineage;

namespace Tollgate.Models.Registry;

/// <summary>
/// <c>tollgate model register</c>: content-addresses the artifact and every dataset (full SHA-256, streamed; a
/// directory by its manifest; a dvc.lock by the outputs it pins) and records the version only when the pipeline
/// passes. No dataset is <c>lineage-missing</c>: exit 1 and nothing registered. A version is immutable: the same
/// NAME@VERSION with the same content is a no-op, with different content an error. A passing registration's
/// OpenLineage event (<c>--openlineage</c>) is written by <paramref name="writeFile"/> (path, bytes) before anything is
/// recorded, so a target that cannot be written fails the run in one line that names it and says nothing was recorded
/// (exit 3); then the version and its verdict are recorded in one transaction, and a ledger refusing them says the
/// event was written for a version not registered. Runs registering one NAME@VERSION at once register it once: the
/// ledger inserts the version only if it is still not there, and each run that finds it there is decided again as a run
/// after the winner would be (the same content: registered already; other content: an error, nothing recorded).
/// </summary>
public sealed class RegisterGate(IModelRegistry registry, Func<string, byte[], CancellationToken, Task>? writeFile = null)
{
    public const string Kind = "model-register";

    public async Task<Report> RunAsync(RegisterRequest request, GateContext context)
    {
        var reference = ModelRef.Of(request.Name, request.Version);
        RefuseEventOverInput(request, context);
        var artifact = context.Resolve(request.Artifact);
        var artifactInput = DatasetDigest.OfArtifact(artifact, request.Artifact, context.Cancellation);
        // The same data named twice under one path (one file passed twice, two locks pinning one output) is one dataset,
        // as the ledger keeps it: counted once, and the same registration run again is the no-op it is. Under two paths
        // (features of data/features.dvc, data/features of dvc.lock) it is listed once per path.
        var datasets = request.Datasets.SelectMany(d => DatasetDigest.Of(context.Resolve(d), d, request.DatasetKind, context.Cancellation))
            .DistinctBy(d => (d.Digest, d.Path)).ToList();
        var version = new ModelVersion(reference.Name, reference.Version!, artifactInput.Digest, context.Clock.GetUtcNow())
        {
            ArtifactPath = request.Artifact,
            CodeCommit = request.CodeCommit,
            Params = request.Params is { } p ? JsonObject(context.Resolve(p), "--params " + p) : null,
            Metrics = request.Metrics is { } m ? JsonObject(context.Resolve(m), "--metrics " + m) : null,
            Datasets = datasets,
        };

        return await DecideAsync(request, version, artifactInput, context, raced: null);
    }

    /// <summary>
    /// Judges <paramref name="version"/> against what NAME@VERSION holds now and records the verdict (with the version,
    /// when it registers it). The version is inserted with its verdict only if no other run registered NAME@VERSION
    /// since the look (the insert decides, under the ledger's write lock or unique index); when one did, nothing was
    /// recorded and the run is decided again on what that run registered, as a run after it would be: the same content
    /// is registered already, other content an error. <paramref name="raced"/> is that second decision's note of what
    /// the first one wrote (the OpenLineage event's path, or "" when none).
    /// </summary>
    private async Task<Report> DecideAsync(RegisterRequest request, ModelVersion version, DatasetInput artifactInput, GateContext context, string? raced)
    {
        var existing = await registry.FindAsync(version.Name, version.Version, context.Cancellation);
        if (existing is not null && VersionContent.Differences(existing, version, VersionContent.Identity).Count > 0)
        {
            throw new InvalidInputException(
                $"{version.Id} is already registered with artifact {existing.ArtifactDigest} and {Counted.Of(existing.Datasets.Count, "dataset")}; a version is immutable: register a new version"
                + (string.IsNullOrEmpty(raced) ? "" : $" (another run registered it while this one ran, after this one wrote the OpenLineage event to {raced}: that event names a registration that did not happen)"));
        }

        if (existing is not null && LineageConflict(existing, version) is { } conflict)
        {
            throw new InvalidInputException(
                $"{version.Id} is already registered with {conflict}; a version is immutable, so nothing was recorded: register a new version"
                + (string.IsNullOrEmpty(raced) ? "" : $" (another run registered it while this one ran, after this one wrote the OpenLineage event to {raced}: that event names a registration that did not happen)"));
        }

        if (existing is null && raced is not null)
        {
            throw new InvalidOperationException($"{version.Id} was registered by another run, but the ledger does not hold it");
        }

        var report = await JudgeAsync(version, existing, artifactInput, context);
        var written = report.Verdict == Verdict.Pass && request.OpenLineage is { } openLineage ? context.Resolve(openLineage) : null;
        if (written is not null)
        {
            await WriteEventAsync(written, OpenLineageEvent.Write((existing ?? version) with { Datasets = version.Datasets }, context.WorkingDirectory, context.Clock.GetUtcNow()), version, existing is not null, context.Cancellation);
        }

        try
        {
            if (report.Verdict != Verdict.Pass || existing is not null)
            {
                return await GatePipeline.RecordAsync(report, context);
            }

            if (await registry.RegisterAsync(version, report, context.Cancellation))
            {
                return report;
            }
        }
        catch (InvalidInputException e) when (written is not null)
        {
            throw new InvalidInputException(
                $"{e.Message}; the OpenLineage event was written to {written}, but " + (existing is null
                    ? $"{version.Id} was not registered: register it again once the ledger records"
                    : $"this run's verdict was not recorded ({version.Id} was registered before)"), e);
        }

        // Another run registered NAME@VERSION between this run's look and its write.
        return await DecideAsync(request, version, artifactInput, context, written ?? "");
    }

    private static async Task<Report> JudgeAsync(ModelVersion version, ModelVersion? existing, DatasetInput artifactInput, GateContext context)
    {
        var datasets = version.Datasets;
        var data = datasets.Where(d => !IsPushedCopy(d, datasets)).ToList();
        var findings = datasets.Count == 0 ? [LineageMissing.Finding(version)] : new List<Finding>();
        var reason = existing is not null
            ? datasets.Count == 0 ? $"{version.Id} has no training dataset on record (registered before, with this content)" : $"{version.Id} is already registered with this content"
            : datasets.Count == 0 ? $"{version.Id} has no training dataset: not registered"
            : $"{version.Id} registered: artifact {Short(version.ArtifactDigest)}, {Counted.Of(datasets.Count, "dataset")}, {Counted.Of(data.Sum(d => d.Files ?? 0), "file")}";
        var evidence = new Evidence(Kind, version.Id, Digest(version), findings)
        {
            Rules = ModelRules.Reported,
            Summary = [new("datasets", datasets.Count), new("files", data.Sum(d => d.Files ?? 0)), new("bytes", data.Sum(d => d.Bytes ?? 0))],
            Facts = [new("artifact", version.ArtifactDigest), .. datasets.Select(d => new KeyValuePair<string, string>("dataset", $"{d.Digest} {d.Path}"))],
            Wording = new GateWording(findings.Count > 0 ? Verdict.Fail : Verdict.Pass, reason,
                existing is null ? $"{version.Id} registered without a training dataset on record" : $"{version.Id} was registered before, with this content"),
            Notes = [.. EmptyContent.Notes(artifactInput, datasets)],
        };
        return await GatePipeline.JudgeAsync(evidence, context);
    }

    // The event, before anything is recorded: a target that cannot be written is one line naming it and saying that
    // nothing was recorded, whichever writer failed and however.
    private async Task WriteEventAsync(string path, byte[] bytes, ModelVersion version, bool registered, CancellationToken cancellationToken)
    {
        var unrecorded = registered
            ? $"nothing was recorded ({version.Id} was registered before, with this content)"
            : $"{version.Id} was not registered and nothing was recorded: give a path that can be written and register again";
        try
        {
            await (writeFile ?? File.WriteAllBytesAsync)(path, bytes, cancellationToken);
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"{e.Message}; {unrecorded}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot write the OpenLineage event to {path}: {FileProblem.Describe(e, path)}; {unrecorded}", e);
        }
    }

    // The event written over the artifact or a dataset it describes would destroy what was just content-addressed.
    private static void RefuseEventOverInput(RegisterRequest request, GateContext context)
    {
        if (request.OpenLineage is { } target)
        {
            OutputGuard.Check("--openlineage", target, context.WorkingDirectory, [request.Artifact, request.Params, request.Metrics, .. request.Datasets], null, []);
        }
    }

    /// <summary>
    /// What this run claims of the version's lineage that differs from what is recorded: another code commit or other
    /// parameters or other metrics (compared as JSON values). An option left out claims nothing. Metrics are facts about
    /// the version, measured once, and a registered version is immutable: other metrics than the recorded ones, or
    /// metrics for a version registered without any, are a conflict (once a note said they were not recorded).
    /// </summary>
    private static string? LineageConflict(ModelVersion recorded, ModelVersion given)
    {
        var differs = VersionContent.Differences(recorded, given, VersionPart.CodeCommit | VersionPart.Params | VersionPart.Metrics).Select(d => d.Part switch
        {
            VersionPart.CodeCommit => $"{(d.Recorded is { } was ? "code commit " + TextSafe.Line(was) : "no code commit")} (this run gives {TextSafe.Line(d.Given!)})",
            VersionPart.Params => $"{(d.Recorded is { } was ? "params " + Clipped(was) : "no params")} (this run gives {Clipped(d.Given!)})",
            _ => $"{(d.Recorded is { } measured ? "metrics " + Clipped(measured) : "no metrics")} (this run gives {Clipped(d.Given!)})",
        }).ToList();
        return differs.Count == 0 ? null : string.Join(" and ", differs);

        static string Clipped(string json) => TextSafe.Line(json.Length > 80 ? json[..80] + "…" : json);
    }

    /// <summary>What approvals of a registration bind to: the version, its artifact and its datasets' digests.</summary>
    private static string Digest(ModelVersion version)
    {
        var text = string.Join("\n", [version.Id, version.ArtifactDigest, .. version.Datasets.Select(d => d.Digest).Order(StringComparer.Ordinal)]);
        return Domain.Reports.ReportDigest.Of(text);
    }

    private static string JsonObject(string path, string shown)
    {
        var text = Domain.Inputs.InputFile.ReadText(path, shown, 4 << 20);
        // Read as strict UTF-8 already; a key or value escaping half a surrogate pair alone is refused, not recorded.
        var utf8 = Encoding.UTF8.GetBytes(text);
        if (IllFormedText.Locate(utf8) is { } illFormed)
        {
            throw new InvalidInputException($"{shown}: {illFormed}");
        }

        try
        {
            // A metric or parameter given twice ({"auc": 0.71, "auc": 0.93}) is refused, not recorded as either value.
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowDuplicateProperties = false });
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.GetRawText()
                : throw new InvalidInputException($"{shown}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{shown}: not JSON ({JsonProblem.Describe(e)})", e);
        }
    }

    internal static string Short(string digest) => digest.Length > 19 ? digest[..19] + "…" : digest;

    /// <summary>
    /// Whether <paramref name="dataset"/> is the object version a cloud-versioned remote gave a file of an output
    /// also recorded by its md5 (<see cref="Lineage.DvcObjectVersions"/>): the same bytes, counted once, as the output's.
    /// </summary>
    private static bool IsPushedCopy(DatasetInput dataset, IReadOnlyList<DatasetInput> datasets) =>
        dataset.Kind is "dvc-version" or "dvc-etag" or "dvc-checksum"
        && datasets.Any(o => o.Kind == "dvc" && (o.Path == dataset.Path || dataset.Path.StartsWith(o.Path.TrimEnd('/') + "/", StringComparison.Ordinal)));
}
