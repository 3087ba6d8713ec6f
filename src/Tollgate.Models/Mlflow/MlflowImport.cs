using Tollgate.Domain;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Registry;
using Tollgate.Models.Gates;
using Tollgate.Models.Registry;

namespace Tollgate.Models.Mlflow;

/// <summary>
/// <c>tollgate model import --mlflow URL|EXPORT [--name NAME]</c>: registered models (<c>registered-models/search</c>),
/// their versions (<c>model-versions/search</c>), aliases, and each version's run (<c>runs/get</c>: dataset inputs,
/// parameters, metrics, git commit), paged by <c>next_page_token</c>. New versions are registered with
/// <c>source: mlflow</c>; MLflow's dataset digests are kept as <c>mlflow:…</c> (MLflow hashes only the first 10,000
/// rows, so they are weaker than Tollgate's). Each import records what changed since the last one as events at
/// the import's time: a version whose stage moved, an alias that moved or vanished; from then on the history MLflow
/// does not keep is in the ledger. <see cref="MlflowReader"/> reads and checks everything before the ledger is opened;
/// this records it in one transaction with the import's verdict, so a failed import (the verdict's write included)
/// leaves the ledger as it was.
/// </summary>
public sealed class MlflowImport(IModelRegistry registry)
{
    public const string Kind = "model-import";

    /// <summary>How many times an import looks at the ledger, when other runs keep recording for its models between its look and its transaction.</summary>
    private const int Looks = 3;

    /// <summary>
    /// Records what <see cref="MlflowReader"/> read: new versions, stage changes and alias moves since the last import,
    /// with the import's verdict, in one transaction. The transaction records only if the ledger still holds what the
    /// import decided on (every version it found absent still absent, each model's stage and alias events as many as it
    /// read); otherwise another run (another import of the same registry, a register, a promotion) recorded for these
    /// models meanwhile, nothing is recorded, and the import looks again, as a run after that one would: an import of
    /// the same MLflow state then finds everything recorded (0 new versions, no stage change twice), and a version
    /// registered meanwhile with other content is refused as any recorded version is.
    /// </summary>
    public async Task<Report> RecordAsync(IReadOnlyList<MlflowModel> read, string shown, string? name, GateContext context)
    {
        for (var look = 1; ; look++)
        {
            try
            {
                return await RecordOnceAsync(read, shown, name, context);
            }
            catch (ImportRaced raced)
            {
                // Nothing was recorded; the next look sees what the other run recorded.
                if (look == Looks)
                {
                    throw new InvalidInputException(raced.Message);
                }
            }
            catch (InvalidInputException e) when (look < Looks && StageBasis.Moved(e))
            {
                // As above: another run moved a stage or alias of these models first.
            }
        }
    }

    private async Task<Report> RecordOnceAsync(IReadOnlyList<MlflowModel> read, string shown, string? name, GateContext context)
    {
        var now = context.Clock.GetUtcNow();
        var withoutLineage = 0;
        var versions = new List<ModelVersion>();
        var stages = new List<StageEvent>();
        var aliases = new List<AliasEvent>();
        var lines = new List<string>();
        var absent = new List<string>();
        var bases = new Dictionary<string, StageBasis>(StringComparer.Ordinal);
        foreach (var model in read)
        {
            var known = await registry.StagesAsync(model.Name, context.Cancellation);
            var held = (await registry.VersionsAsync(model.Name, context.Cancellation)).ToDictionary(v => v.Version, StringComparer.Ordinal);
            var aliasEvents = await registry.AliasesAsync(model.Name, context.Cancellation);
            bases.TryAdd(model.Name, StageBasis.Of(model.Name, known) with { Aliases = aliasEvents.Count });
            var listed = new Dictionary<string, ModelVersion>(StringComparer.Ordinal);
            foreach (var (version, mlflowStage) in model.Versions)
            {
                // A version MLflow lists twice (pages that overlap) is one version: compared once, recorded once.
                if (listed.TryGetValue(version.Version, out var before))
                {
                    if (Conflict(before, version) is { } twice)
                    {
                        throw new InvalidInputException($"MLflow lists {version.Id} twice with different content: {twice.Replace("in the ledger", "listed first", StringComparison.Ordinal).Replace("in MLflow", "listed again", StringComparison.Ordinal)}; nothing was recorded: import again");
                    }

                    continue;
                }

                listed[version.Version] = version;
                if (!held.TryGetValue(version.Version, out var recorded))
                {
                    absent.Add(version.Id);
                }
                else if (Conflict(recorded, version) is { } differs)
                {
                    throw new InvalidInputException(
                        $"MLflow's {version.Id} is not the {version.Id} the ledger holds: {differs}; a version is immutable, so nothing was recorded (neither it nor its stage): import the other models with --name NAME");
                }

                withoutLineage += version.Datasets.Count == 0 ? 1 : 0;
                versions.Add(version);
                lines.Add(Describe(version, mlflowStage));
                if (Stage(mlflowStage) is { } stage && known.LastOrDefault(e => e.Version == version.Version)?.Stage != stage)
                {
                    stages.Add(new StageEvent(model.Name, version.Version, stage, now) { Actor = "mlflow", Reason = $"MLflow stage {mlflowStage} observed by import" });
                }
            }

            lines.AddRange(model.Aliases.Select(kv => $"alias {model.Name} {kv.Key} {kv.Value}"));
            aliases.AddRange(AliasMoves(model.Name, model.Aliases, aliasEvents, now));
        }

        // The verdict is recorded in the same transaction as the rows: an import is in the ledger with its verdict or not at all.
        var models = read.Count;
        var digest = ReportDigest.Of([Kind, $"source {shown}", $"name {name ?? "(all)"}", .. lines.Order(StringComparer.Ordinal)]);
        var basis = bases.Count == 0 ? null : bases.Values.First() with { Others = [.. bases.Values.Skip(1)] };
        return await registry.RecordAllAsync("an import", versions, stages, aliases, added => Unraced(added, absent) ?? new Report(Kind, shown, digest, Verdict.Pass, [new("models", models), new("versions", added), new("stages", stages.Count), new("aliases", aliases.Count), new("withoutLineage", withoutLineage)], [])
        {
            Reason = $"imported {Counted.Of(models, "model")} from MLflow ({shown}): {Counted.Of(added, "new version")}, {Counted.Of(stages.Count, "stage change")}, {Counted.Of(aliases.Count, "alias move")}"
                + (withoutLineage > 0 ? $"; {Counted.Of(withoutLineage, "version")} {(withoutLineage == 1 ? "has no dataset inputs on its run" : "have no dataset inputs on their runs")} (promote will refuse {(withoutLineage == 1 ? "it" : "them")}: lineage-missing)" : ""),
        }, basis, context.Cancellation);
    }

    /// <summary>
    /// Null when the transaction added every version the ledger did not hold when the import looked. Fewer means another
    /// run (a <c>model register</c>, another import) registered one of them since: its content was never compared with
    /// MLflow's, so the import refuses in the transaction and nothing is recorded (neither the versions nor their stages);
    /// <see cref="RecordAsync"/> then looks again and compares them. Every listed version is either held or absent at the
    /// look, and a held one is never inserted (versions are never deleted), so the count names the set.
    /// </summary>
    private static Report? Unraced(int added, List<string> absent) => added == absent.Count ? null
        : throw new ImportRaced(
            $"{Counted.Of(absent.Count - added, "version")} of {string.Join(", ", absent.Take(5))}{(absent.Count > 5 ? ", …" : "")} {(absent.Count - added == 1 ? "was" : "were")} registered by another run while this import ran: nothing was recorded; run the import again to compare them with what was registered");

    /// <summary>
    /// How MLflow's version differs from the one the ledger holds under the same NAME@VERSION, or null when it is the
    /// one imported before: one registered by Tollgate, or imported with another artifact, run or datasets (a model
    /// deleted and created again in MLflow numbers its versions from 1 again), is another model under the same name.
    /// Stages, aliases, parameters and metrics may move in MLflow; they are not what a version is.
    /// </summary>
    private static string? Conflict(ModelVersion recorded, ModelVersion mlflow)
    {
        if (recorded.Source != "mlflow")
        {
            return $"the ledger's was registered by {recorded.Source} (artifact {recorded.ArtifactDigest}), MLflow's is {TextSafe.Line(mlflow.ArtifactPath ?? mlflow.ArtifactDigest)}";
        }

        var differs = VersionContent.Differences(recorded, mlflow, VersionContent.Identity | VersionPart.Run).Select(d => d.Part switch
        {
            VersionPart.Artifact => $"artifact {TextSafe.Line(d.Recorded!)} in the ledger, {TextSafe.Line(d.Given!)} in MLflow",
            VersionPart.Run => $"run {TextSafe.Line(d.Recorded ?? "(none)")} in the ledger, {TextSafe.Line(d.Given ?? "(none)")} in MLflow",
            _ => $"{Digests(d.Recorded)} in the ledger, {Digests(d.Given)} in MLflow",
        }).ToList();
        return differs.Count == 0 ? null : string.Join("; ", differs);

        static string Digests(string? digests) => digests is null ? "no datasets" : "datasets " + TextSafe.Line(digests);
    }

    /// <summary>A version as MLflow answered it, one line of the import's digest.</summary>
    private static string Describe(ModelVersion v, string? stage) =>
        $"version {v.Id} {v.ArtifactDigest} run {v.RunId} stage {stage} commit {v.CodeCommit} datasets {string.Join(",", v.Datasets.Select(d => $"{d.Digest}={d.Path}").Order(StringComparer.Ordinal))} params {v.Params} metrics {v.Metrics}";

    /// <summary>The alias moves since the last import (<paramref name="recorded"/>): an alias that is new or points elsewhere, or that MLflow no longer has.</summary>
    private static List<AliasEvent> AliasMoves(string name, IReadOnlyDictionary<string, string> current, IReadOnlyList<AliasEvent> recorded, DateTimeOffset now)
    {
        var known = recorded.GroupBy(a => a.Alias).ToDictionary(g => g.Key, g => g.Last().Version, StringComparer.Ordinal);
        return current.Where(kv => !known.TryGetValue(kv.Key, out var v) || v != kv.Value).Select(kv => new AliasEvent(name, kv.Key, kv.Value, now) { Source = "mlflow" })
            .Concat(known.Where(kv => kv.Value is not null && !current.ContainsKey(kv.Key)).Select(kv => new AliasEvent(name, kv.Key, null, now) { Source = "mlflow" }))
            .ToList();
    }

    /// <summary>MLflow's deprecated stages in Tollgate's words; <c>None</c> is no stage.</summary>
    private static string? Stage(string? mlflow) => mlflow switch
    {
        "Production" => ModelStages.Production,
        "Staging" => ModelStages.Canary,
        "Archived" => ModelStages.Retired,
        _ => null,
    };
}
