using Tollgate.Domain.Registry;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Models.Lineage;

/// <summary>
/// The object versions a cloud-versioned remote (<c>version_aware</c> or <c>worktree</c>,
/// https://dvc.org/doc/user-guide/data-management/cloud-versioning) gave the data of an output inside the repository,
/// kept beside the output's md5 so the lineage names the exact object of every file that was pushed. DVC writes them
/// after <c>dvc push</c>: for a file, beside its md5; for a directory, per file of its <c>files</c> list
/// (<c>relpath</c>, <c>md5</c>, <c>size</c>), each in a <c>cloud: {REMOTE: {version_id, etag}}</c> map
/// (https://github.com/iterative/dvc/blob/9f901e57a20889bd08f91479cd326c3b7f80d037/dvc/output.py#L200,
/// <c>split_file_meta_from_cloud</c>) or, as DVC wrote them before output-specific remotes, as <c>version_id</c> and
/// <c>etag</c> on the file itself (DVC's test of that shape:
/// https://github.com/iterative/dvc/blob/9f901e57a20889bd08f91479cd326c3b7f80d037/tests/unit/stage/test_serialize_pipeline_lock.py#L263).
/// Each is <c>version_id:ID@LOCATION</c>, else <c>etag:…</c> or <c>checksum:…</c> (<see cref="DvcPins.Located"/>), where
/// LOCATION is <c>remote://REMOTE/KEY</c> (DVC's URL of a path in a named remote, which DVC resolves by joining PATH to
/// the remote's URL,
/// https://github.com/iterative/dvc/blob/9f901e57a20889bd08f91479cd326c3b7f80d037/dvc/fs/__init__.py#L113-L143) or, with
/// no remote named, the path as written. KEY is where the object is in the remote: such a remote keeps the workspace's
/// layout from the repository's root, each output at its path relative to the root (<c>Output.index_key</c>, the
/// remote's <c>FileStorage</c> with an empty prefix,
/// https://github.com/iterative/dvc/blob/9f901e57a20889bd08f91479cd326c3b7f80d037/dvc/output.py#L588-L597,
/// https://github.com/iterative/dvc/blob/9f901e57a20889bd08f91479cd326c3b7f80d037/dvc/repo/index.py#L222-L242,
/// https://github.com/iterative/dvc-data/blob/b9ec41c4a59faaa1e0a181344db146ba110360ff/src/dvc_data/index/index.py#L268-L271),
/// so KEY is the output's path from the root of the DVC repository the file is in (<see cref="DvcPlace.Key"/>), not the
/// path the file records, which is relative to the file (and its <c>wdir</c>). Outside a repository, or where a
/// stage's <c>wdir</c> is not known, KEY is the path as written, as Tollgate recorded every such location before.
/// </summary>
internal static class DvcObjectVersions
{
    /// <summary>
    /// The versions of <paramref name="entry"/>'s data (path <paramref name="path"/>, relative to <paramref name="place"/>;
    /// null where it is not known), read and checked by <see cref="DvcEntry.Read(DvcNode, string)"/> first.
    /// </summary>
    public static IEnumerable<DatasetInput> Of(DvcNode entry, string path, DvcPlace? place)
    {
        if (DvcEntry.IsOutsideRepository(path))
        {
            return [];
        }

        var key = place?.Key(path) ?? path;
        var files = entry.Mappings("files", i => $"file {i + 1} of {entry.What}");
        return files.Count == 0
            ? Version(entry, path, key) is { } version ? [version] : []
            : files.Select(f => Version(f, $"{path.TrimEnd('/')}/{f.Text("relpath")}", $"{key.TrimEnd('/')}/{f.Text("relpath")}"))
                .OfType<DatasetInput>().ToList();
    }

    private static DatasetInput? Version(DvcNode node, string path, string key)
    {
        var (pins, remote) = node.Mapping("cloud", "the cloud map") is { Node.Children.Count: 1 } cloud
            && cloud.Node.Children.Keys.Single() is YamlScalarNode { Value: { } name }
            ? (cloud.Mapping(name, "the cloud pins")!, name)
            : (node, null);
        var pin = DvcPins.RemoteKeys.FirstOrDefault(k => DvcEntry.Value(pins, k) is not null);
        if (pin is null)
        {
            return null;
        }

        return new DatasetInput(DvcPins.Located(pin, DvcEntry.Value(pins, pin)!, remote is null ? path : $"remote://{remote}/{key}"), path)
        {
            Kind = DvcPins.KindOf(pin),
            Bytes = node.Whole("size"),
            Files = 1,
        };
    }
}
