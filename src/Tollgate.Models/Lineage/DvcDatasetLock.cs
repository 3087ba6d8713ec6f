using System.Collections.Frozen;
using Tollgate.Domain.Registry;

namespace Tollgate.Models.Lineage;

/// <summary>
/// A stage's dependency on a DVC dataset (<c>ds://NAME</c>), which the lock pins under <c>dataset:</c>, a copy of the
/// dataset's entry in the lock's top-level <c>datasets</c> (https://github.com/iterative/dvc/blob/main/dvc/repo/datasets.py,
/// <c>DVCDatasetLock</c>, <c>DatachainDatasetLock</c>, <c>URLDatasetLock</c>):
/// <list type="bullet">
/// <item><c>type: dvc</c> (data of another DVC or git repository): <c>url</c>, <c>rev_lock</c> (the commit), <c>path</c>
/// in it, <c>rev</c> as asked; addressed <c>rev_lock:COMMIT@URL</c>, with <c>#PATH</c> after the URL when it names one;</item>
/// <item><c>type: dc</c> (a DataChain dataset): <c>url</c> and the immutable <c>version</c>; <c>version:N@URL</c>;</item>
/// <item><c>type: url</c> (cloud storage): <c>meta</c> of the object or directory and, for a directory, <c>files</c>
/// each with its <c>meta</c>; addressed as an output outside the repository is (<see cref="DvcEntry"/>): md5, else the
/// version id, etag or checksum, with the URL, over the files for a directory.</item>
/// </list>
/// A <c>ds://</c> dependency without <c>dataset:</c> (the dataset was never locked: <c>dvc ds update</c>) pins nothing.
/// </summary>
internal static class DvcDatasetLock
{
    private static readonly FrozenSet<string> DependencyKeys = FrozenSet.Create(StringComparer.Ordinal, "path", "dataset");

    private static readonly FrozenSet<string> RepoKeys = FrozenSet.Create(StringComparer.Ordinal, "name", "url", "type", "path", "rev", "rev_lock");

    private static readonly FrozenSet<string> DataChainKeys = FrozenSet.Create(StringComparer.Ordinal, "name", "url", "type", "version", "created_at");

    private static readonly FrozenSet<string> UrlKeys = FrozenSet.Create(StringComparer.Ordinal, "name", "url", "type", "meta", "files");

    private static readonly FrozenSet<string> UrlFileKeys = FrozenSet.Create(StringComparer.Ordinal, "relpath", "meta");

    /// <summary>The fields of DVC's file metadata (dvc_data's <c>Meta</c>) a <c>url</c> dataset's lock may carry.</summary>
    private static readonly FrozenSet<string> MetaKeys = FrozenSet.Create(StringComparer.Ordinal,
        "isdir", "size", "nfiles", "isexec", "version_id", "etag", "checksum", "md5", "inode", "mtime", "remote", "is_link", "destination", "nlink");

    public static DatasetInput Read(DvcNode dependency, string path)
    {
        dependency.OnlyKeys(DependencyKeys);
        var dataset = dependency.Mapping("dataset", $"the dataset lock of {dependency.What}")
            ?? throw dependency.Bad("pins no version of its dataset: no dataset lock (dvc ds update writes it)");
        var type = dataset.Text("type") ?? throw dataset.Bad("has no type");
        var url = dataset.Text("url") ?? throw dataset.Bad("has no url");
        switch (type)
        {
            case "dvc":
                dataset.OnlyKeys(RepoKeys);
                var commit = dataset.Text("rev_lock") ?? throw dataset.Bad("has no rev_lock, the commit it was read at");
                return AtCommit(commit, url, dataset.Text("path"), path);
            case "dc":
                dataset.OnlyKeys(DataChainKeys);
                var version = dataset.Whole("version") ?? throw dataset.Bad("has no version");
                return new DatasetInput(DvcPins.Located("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture), url), path)
                {
                    Kind = DvcPins.KindOf("version"),
                };
            case "url":
                dataset.OnlyKeys(UrlKeys);
                return Storage(dataset, path, url);
            default:
                throw dataset.Bad($"has type '{type}'; DVC's dataset types are dvc, dc and url", dataset.Child("type"));
        }
    }

    /// <summary>
    /// Data of the git repository at <paramref name="url"/> at commit <paramref name="commit"/>, <c>rev_lock:COMMIT@URL</c>
    /// with <c>#PATH</c> when <paramref name="inRepo"/> names a path in it: a <c>ds://</c> dataset of type <c>dvc</c> and
    /// a <c>dvc import</c> of the same data have the same digest.
    /// </summary>
    internal static DatasetInput AtCommit(string commit, string url, string? inRepo, string path) =>
        new(DvcPins.Located("rev_lock", commit, inRepo is null ? url : $"{url}#{inRepo}"), path) { Kind = DvcPins.KindOf("rev_lock") };

    private static DatasetInput Storage(DvcNode dataset, string path, string url)
    {
        var meta = Meta(dataset, $"the meta of {dataset.What}");
        var files = dataset.Mappings("files", i => $"file {i + 1} of {dataset.What}").Select(file =>
        {
            file.OnlyKeys(UrlFileKeys);
            var relPath = file.Text("relpath") ?? throw file.Bad("has no relpath");
            var fileMeta = Meta(file, $"the meta of file {relPath} of {dataset.What}") ?? throw file.Bad("has no meta");
            return new DvcFile(relPath, DvcEntry.Pins(fileMeta, DvcPins.Strength), fileMeta.Whole("size"), fileMeta);
        }).ToList();
        if (files.Count > 0)
        {
            return DvcEntry.Tree(dataset, path, files, DvcPins.Strength, url);
        }

        if (meta is not null && DvcPins.Strength.FirstOrDefault(k => DvcEntry.Value(meta, k) is not null) is { } key)
        {
            var value = DvcEntry.Value(meta, key)!;
            return new DatasetInput(key == "md5" ? "md5:" + value : DvcPins.Located(key, value, url), path)
            {
                Kind = DvcPins.KindOf(key),
                Bytes = meta.Whole("size"),
                Files = meta.Whole("nfiles") ?? (value.EndsWith(".dir", StringComparison.Ordinal) ? null : 1),
            };
        }

        throw dataset.Bad("pins no version of its data: no files, and no md5, version_id, etag or checksum in its meta");
    }

    private static DvcNode? Meta(DvcNode node, string name)
    {
        var meta = node.Mapping("meta", name);
        meta?.OnlyKeys(MetaKeys);
        return meta;
    }
}
