using System.Collections.Frozen;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;
using Tollgate.Domain.Registry;
using Tollgate.Yaml;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Models.Lineage;

/// <summary>
/// The datasets a <c>.dvc</c> file pins (https://dvc.org/doc/user-guide/project-structure/dvc-files), the record
/// <c>dvc add</c>, <c>dvc import</c>, <c>dvc import-url</c> and <c>dvc import-db</c> write of the data they track:
/// every output (<c>outs[]</c>, addressed as a <c>dvc.lock</c> output is, <see cref="DvcEntry"/>, so the same data has
/// the same digest from either file), and where imported data came from: a dependency on data outside the repository
/// (<c>dvc import-url</c>: the URL with its <c>etag</c>, <c>checksum</c>, <c>version_id</c> or <c>md5</c>) as a
/// <c>dvc.lock</c> stage's is read, and another repository's data at a commit (<c>dvc import</c>: <c>repo: {url,
/// rev_lock}</c>) as <c>rev_lock:COMMIT@URL#PATH</c>, the digest of the same data as a <c>ds://</c> dataset. A
/// dependency inside the repository, and a database query (<c>dvc import-db</c>, which names no version of the
/// database), add nothing: the output's md5 is what was read. Read strictly, as a lock is: a key DVC's schema of
/// <c>.dvc</c> files does not have (https://github.com/iterative/dvc/blob/main/dvc/schema.py, <c>SINGLE_STAGE_SCHEMA</c>;
/// dvc/output.py, <c>SCHEMA</c>; dvc/dependency/__init__.py, <c>SCHEMA</c>), no output, or an entry that pins no
/// version of its data is bad input naming its line.
/// </summary>
public static class DotDvcFile
{
    private const string Schema = ".dvc file";

    /// <summary>The top-level keys (dvc/schema.py, <c>SINGLE_STAGE_SCHEMA</c>); <c>cmd</c> left it in DVC 3.0.</summary>
    private static readonly FrozenSet<string> TopKeys = FrozenSet.Create(StringComparer.Ordinal,
        "md5", "wdir", "deps", "outs", "locked", "frozen", "meta", "always_changed", "desc");

    /// <summary>An output's keys: a lock's, and the annotations and flags <c>dvc.yaml</c> would hold (dvc/output.py, <c>SCHEMA</c>).</summary>
    private static readonly FrozenSet<string> OutputKeys = DvcEntry.EntryKeys
        .Union(["persist", "desc", "type", "labels", "meta", "cache", "remote", "push", "fs_config"], StringComparer.Ordinal).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>A dependency's keys beside <c>repo</c> and <c>db</c> (dvc/dependency/__init__.py, <c>SCHEMA</c>).</summary>
    private static readonly FrozenSet<string> DependencyKeys = DvcEntry.EntryKeys
        .Union(["persist", "fs_config"], StringComparer.Ordinal).ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> ImportKeys = FrozenSet.Create(StringComparer.Ordinal, "path", "repo");

    /// <summary>The keys of <c>repo</c> (dvc/dependency/repo.py, <c>REPO_SCHEMA</c>).</summary>
    private static readonly FrozenSet<string> RepoKeys = FrozenSet.Create(StringComparer.Ordinal, "url", "rev", "rev_lock", "config", "remote");

    private static readonly FrozenSet<string> QueryKeys = FrozenSet.Create(StringComparer.Ordinal, "db");

    /// <summary>The keys of <c>db</c> (dvc/dependency/db.py, <c>DB_SCHEMA</c>).</summary>
    private static readonly FrozenSet<string> DbKeys = FrozenSet.Create(StringComparer.Ordinal, "query", "connection", "file_format", "table");

    public static IReadOnlyList<DatasetInput> Read(string path, string shown) => ReadAll(path, shown).Datasets;

    /// <summary>
    /// The datasets of the <c>.dvc</c> file at <paramref name="path"/> and its outputs inside the repository with the
    /// digest each is recorded by, relative to the file's directory and its <c>wdir</c> (<see cref="DvcPlace"/>): one
    /// read for what it records and what <see cref="DvcWorkspace"/> compares with the workspace.
    /// </summary>
    internal static DvcRecord ReadAll(string path, string shown) =>
        Datasets(new YamlErrors(shown).Root(InputFile.ReadText(path, shown, DvcLock.MaxBytes)), path, shown);

    private static DvcRecord Datasets(YamlNode? document, string path, string shown)
    {
        if (document is not YamlMappingNode mapping)
        {
            throw new InvalidInputException($"{shown}: not a .dvc file (not a mapping with outs){(document is null ? "" : $" (line {document.Start.Line})")}");
        }

        var file = new DvcNode(mapping, shown, "the file", Schema);
        file.OnlyKeys(TopKeys);
        _ = (file.Text("md5"), file.Text("desc"), file.Flag("frozen"), file.Flag("locked"), file.Flag("always_changed"));
        var outs = file.Mappings("outs", i => $"output {i + 1}");
        if (outs.Count == 0)
        {
            throw file.Bad("has no outs: a .dvc file that tracks no data pins nothing", file.Child("outs"));
        }

        var datasets = new List<DatasetInput>();
        foreach (var dependency in file.Mappings("deps", i => $"dependency {i + 1}"))
        {
            datasets.AddRange(Dependency(dependency) is { } dataset ? [dataset] : []);
        }

        var place = DvcPlace.Of(path, shown, file.Text("wdir"));
        var outputs = new List<RecordedData>();
        foreach (var output in outs)
        {
            var outputPath = output.Text("path") ?? throw output.Bad("has no path");
            var named = output.Named($"output {outputPath}");
            _ = (named.Text("desc"), named.Text("type"), named.Text("remote"), named.Flag("cache"), named.Flag("push"), named.Flag("persist"), named.Mapping("fs_config", $"the fs_config of output {outputPath}"));
            Labels(named);
            var tracked = DvcEntry.Read(named, outputPath, OutputKeys);
            datasets.Add(tracked);
            datasets.AddRange(DvcObjectVersions.Of(named, outputPath, place));
            outputs.AddRange(DvcEntry.IsOutsideRepository(outputPath) || !tracked.Digest.StartsWith("md5:", StringComparison.Ordinal)
                ? [] : [new RecordedData(place, outputPath, tracked.Digest, named.Text("hash") is null)]);
        }

        return new(datasets.DistinctBy(d => (d.Digest, d.Path)).ToList(), outputs, []);
    }

    /// <summary>The dataset a dependency stands for; null for data inside the repository and for a database query.</summary>
    private static DatasetInput? Dependency(DvcNode dependency)
    {
        if (dependency.Child("db") is not null)
        {
            dependency.OnlyKeys(QueryKeys);
            var query = dependency.Mapping("db", $"the db of {dependency.What}");
            query?.OnlyKeys(DbKeys);
            _ = (query?.Text("query"), query?.Text("connection"), query?.Text("file_format"), query?.Text("table"));
            return null;
        }

        var path = dependency.Text("path") ?? throw dependency.Bad("has no path");
        var named = dependency.Named($"dependency {path}");
        if (named.Child("repo") is null)
        {
            _ = (named.Flag("persist"), named.Mapping("fs_config", $"the fs_config of dependency {path}"));
            return DvcEntry.Dependency(named, path, DependencyKeys);
        }

        named.OnlyKeys(ImportKeys);
        var repo = named.Mapping("repo", $"the repo of dependency {path}") ?? throw named.Bad("has an empty repo");
        repo.OnlyKeys(RepoKeys);
        var url = repo.Text("url") ?? throw repo.Bad("has no url");
        _ = repo.Text("rev");
        var commit = repo.Text("rev_lock") ?? throw repo.Bad("has no rev_lock, the commit the data was imported at (dvc import and dvc update write it)");
        return DvcDatasetLock.AtCommit(commit, url, path, path);
    }

    private static void Labels(DvcNode output)
    {
        foreach (var label in output.List("labels")?.Children ?? [])
        {
            if (label is not YamlScalarNode)
            {
                throw output.Bad("has a label that is not a single value", label);
            }
        }
    }
}
