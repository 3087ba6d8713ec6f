using System.CommandLine;
using Tollgate.Cli.Hosting;
using System.Text;
using Tollgate.Domain;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;
using Tollgate.Models.Lineage;
using Tollgate.Models.Registry;
using Tollgate.Reports;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate model which --dataset PATH | --digest D</c>: every model version this dataset trained, by its content digest.</summary>
public static class ModelWhichCommand
{
    public static Command Create(CliHost host)
    {
        var dataset = new Option<string?>("--dataset") { Description = "A dataset file, directory, DVC lock or .dvc file: read as register reads it" }.RefusedByItsCommand();
        var datasetKind = DatasetKindOption();
        var digest = new Option<string?>("--digest") { Description = "A dataset digest as recorded (sha256:…; from dvc.lock md5:… or a pin with its location, etag:…@s3://…, as model lineage shows it)" }.RefusedByItsCommand();
        var query = new ModelQueryOptions();
        var command = new Command("which", "Which model versions a dataset trained") { dataset, datasetKind, digest };
        query.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = query.Json(parse);
            var lookUp = (parse.GetValue(dataset), parse.GetValue(digest)) switch
            {
                ({ } path, null) => DatasetDigest.ToLookUp(OptionPath.Full(host, path, "--dataset"), path, DatasetKinds.Parse(parse.GetValue(datasetKind)), cancellationToken),
                (null, not null) when parse.GetValue(datasetKind) is not null => throw new InvalidInputException("--dataset-kind says how --dataset is read; a --digest is taken as recorded"),
                (null, { } given) => DatasetDigest.IsRecordable(given.Trim()) ? new DatasetLookUp([given.Trim()], []) : throw new InvalidInputException(DatasetDigest.NotRecordable(given.Trim())),
                _ => throw new InvalidInputException("give exactly one of --dataset PATH or --digest D"),
            };
            foreach (var note in lookUp.Notes)
            {
                await host.Error.WriteLineAsync("tollgate: note: " + TextSafe.Line(note));
            }

            var digests = lookUp.Digests;
            return await query.WithRegistryAsync(parse, host, async registry =>
            {
                // A version trained on several of the digests (a lock's outputs, data looked up by both its addresses)
                // is one version, listed once.
                var versions = new List<ModelVersion>();
                foreach (var d in digests)
                {
                    versions.AddRange(await registry.TrainedOnAsync(d, cancellationToken));
                }

                versions = versions.DistinctBy(v => (v.Name, v.Version)).ToList();

                var stages = new List<StageEvent>();
                foreach (var name in versions.Select(v => v.Name).Distinct(StringComparer.Ordinal))
                {
                    stages.AddRange(await registry.StagesAsync(name, cancellationToken));
                }

                var shown = string.Join(",", digests);
                var named = Named(parse.GetValue(dataset), digests);
                await query.WriteAsync(parse, host, json
                    ? Encoding.UTF8.GetString(LineageView.Json(versions, stages, shown))
                    : versions.Count == 0 ? $"{named} trained no registered model version\n" : $"{named} trained {Counted.Of(versions.Count, "version")}:\n" + LineageView.Text(versions, stages), cancellationToken);
                return 0;
            }, cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// What the text answer names: the digests looked up, up to <see cref="ShownDigests"/> of them; past that (a lock
    /// with many outputs) the path given and how many digests it stands for, which <c>--format json</c> lists.
    /// </summary>
    private static string Named(string? path, IReadOnlyList<string> digests) =>
        path is null || digests.Count <= ShownDigests ? string.Join(",", digests) : $"{TextSafe.Line(path)} ({digests.Count} digests; --format json lists them)";

    private const int ShownDigests = 3;

    /// <summary><c>--dataset-kind dvc-lock|dvc-file|file</c>, shared with <c>register</c>: how <c>--dataset</c> is read.</summary>
    internal static Option<string?> DatasetKindOption() => new("--dataset-kind")
    {
        Description = "How --dataset is read: dvc-lock (a DVC lock whatever its name), dvc-file (a .dvc file whatever its name) or file (hashed by content, even a dvc.lock or a .dvc file); default: a DVC lock by its name or content, a .dvc file by its name, anything else by content",
        HelpName = "dvc-lock|dvc-file|file",
    };
}
