using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Tollgate.Domain.Registry;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Models.Lineage;

/// <summary>
/// One output, or one dependency on data outside the repository, of a <c>dvc.lock</c> stage, addressed by the
/// strongest identity DVC pinned for it (https://github.com/iterative/dvc/blob/main/dvc/output.py, <c>dumpd</c>;
/// https://github.com/iterative/dvc/blob/main/dvc/stage/serialize.py, <c>to_single_stage_lockfile</c>):
/// <list type="number">
/// <item><c>md5</c>: DVC's content hash (a directory's ends in <c>.dir</c>), <c>md5:…</c> wherever the data lives;</item>
/// <item><c>files</c> (a directory listed file by file, as cloud versioning writes it): the directory's <c>md5</c>
/// computed from the files' as DVC computes it (<see cref="DvcTree"/>), the same digest as the unlisted form; for data
/// outside the repository, if the files carry no md5, the same digest over the strongest pin every file has;</item>
/// <item>only for data outside the repository (a URL such as <c>s3://…</c>, <c>remote://…</c>, or an absolute path),
/// where DVC's hash is the storage's own: <c>version_id</c>, then <c>etag</c>, then <c>checksum</c>, with the URL
/// (<see cref="DvcPins.Located"/>).</item>
/// </list>
/// An entry with none of these pins nothing DVC could check the data against, and is refused naming its line: lineage
/// that names data without saying which version trained nothing. A <c>cloud</c> map (per remote: where a pushed copy
/// is) is checked for its shape and adds nothing to the identity: the md5 beside it already says what the data is; the
/// object version in it is kept beside the identity (<see cref="DvcObjectVersions"/>).
/// </summary>
internal static partial class DvcEntry
{
    /// <summary>The keys of an output or dependency in DVC's lock schema (dvc/schema.py, <c>DATA_SCHEMA</c>).</summary>
    internal static readonly FrozenSet<string> EntryKeys =
        FrozenSet.Create(StringComparer.Ordinal, "path", "hash", "md5", "etag", "checksum", "version_id", "size", "nfiles", "isexec", "cloud", "files");

    /// <summary>The keys of one file of a <c>files</c> list (dvc/output.py, <c>DIR_FILES_SCHEMA</c>).</summary>
    private static readonly FrozenSet<string> FileKeys =
        FrozenSet.Create(StringComparer.Ordinal, "relpath", "md5", "etag", "checksum", "version_id", "size", "nfiles", "isexec", "cloud");

    /// <summary>The keys under one remote of a <c>cloud</c> map (dvc/output.py, <c>CLOUD_SCHEMA</c>).</summary>
    internal static readonly FrozenSet<string> CloudKeys =
        FrozenSet.Create(StringComparer.Ordinal, "md5", "etag", "checksum", "version_id", "size", "nfiles", "isexec");

    /// <summary>The dataset <paramref name="entry"/> (named, with its path, <paramref name="path"/>) stands for.</summary>
    public static DatasetInput Read(DvcNode entry, string path) => Read(entry, path, EntryKeys);

    /// <summary>
    /// The same, for an entry of a file whose schema gives it <paramref name="keys"/> (a <c>.dvc</c> file's output also
    /// carries <c>desc</c>, <c>cache</c>, <c>remote</c>…): those the pins are read from are <see cref="EntryKeys"/>.
    /// </summary>
    public static DatasetInput Read(DvcNode entry, string path, FrozenSet<string> keys)
    {
        entry.OnlyKeys(keys);
        if (entry.Text("hash") is { } hash && hash != "md5")
        {
            throw entry.Bad($"is hashed with {hash}; DVC writes hash: md5 only", entry.Child("hash"));
        }

        Cloud(entry);
        var external = IsOutsideRepository(path);
        var (size, nfiles) = (entry.Whole("size"), entry.Whole("nfiles"));
        if (Md5(entry) is { } md5)
        {
            return new DatasetInput("md5:" + md5, path) { Kind = "dvc", Bytes = size, Files = nfiles ?? (md5.EndsWith(".dir", StringComparison.Ordinal) ? null : 1) };
        }

        var files = entry.Mappings("files", i => $"file {i + 1} of {entry.What}");
        if (files.Count > 0)
        {
            return Tree(entry, path, files.Select(f => File(f, entry)).ToList(), external ? DvcPins.Strength : ["md5"], path);
        }

        if (external && DvcPins.RemoteKeys.FirstOrDefault(k => entry.Text(k) is not null) is { } key)
        {
            var value = Value(entry, key)!;
            return new DatasetInput(DvcPins.Located(key, value, path), path)
            {
                Kind = DvcPins.KindOf(key),
                Bytes = size,
                Files = nfiles ?? (value.EndsWith(".dir", StringComparison.Ordinal) ? null : 1),
            };
        }

        throw entry.Bad(external
            ? "pins no version of its data: no md5, files, version_id, etag or checksum"
            : "pins no version of its data: no md5 and no files with md5 (dvc commit writes them)");
    }

    /// <summary>
    /// The dataset a dependency (with <paramref name="keys"/>, its file's schema) stands for: a <c>ds://</c> dataset
    /// by its lock (<see cref="DvcDatasetLock"/>), data outside the repository by its pins; null for data inside the
    /// repository, which the caller reads as its file says (a lock by its md5, <see cref="Read(DvcNode, string)"/>).
    /// </summary>
    public static DatasetInput? Dependency(DvcNode entry, string path, FrozenSet<string> keys) =>
        path.StartsWith("ds://", StringComparison.Ordinal) || entry.Child("dataset") is not null ? DvcDatasetLock.Read(entry, path)
        : IsOutsideRepository(path) ? Read(entry, path, keys)
        : null;

    /// <summary>
    /// True for a path DVC reads outside the repository: a URL (<c>s3://</c>, <c>gs://</c>, <c>azure://</c>,
    /// <c>hdfs://</c>, <c>http(s)://</c>, <c>ssh://</c>, <c>remote://</c>…) or an absolute path.
    /// </summary>
    public static bool IsOutsideRepository(string path) =>
        UrlScheme().IsMatch(path) || path.StartsWith('/') || path.StartsWith('\\') || WindowsDrive().IsMatch(path);

    /// <summary>
    /// The address of a directory listed file by file: <see cref="DvcTree"/> over the first of <paramref name="keys"/>
    /// every file has (md5 as <c>md5:…</c>; a storage pin with <paramref name="location"/>).
    /// </summary>
    internal static DatasetInput Tree(DvcNode entry, string path, IReadOnlyList<DvcFile> files, string[] keys, string location)
    {
        if (files.GroupBy(f => f.RelPath, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw twice.Last().Node.Bad("is listed twice");
        }

        var key = keys.FirstOrDefault(k => files.All(f => f.Pins.ContainsKey(k)));
        if (key is null)
        {
            var wanted = keys.FirstOrDefault(k => files.Any(f => f.Pins.ContainsKey(k))) ?? keys[0];
            throw files.First(f => !f.Pins.ContainsKey(wanted)).Node.Bad($"has no {wanted}, and a directory is addressed by one pin all its files have");
        }

        var digest = DvcTree.Digest(files.Select(f => (f.RelPath, f.Pins[key])), key);
        return new DatasetInput(key == "md5" ? "md5:" + digest : DvcPins.Located(key, digest, location), path)
        {
            Kind = DvcPins.KindOf(key),
            Bytes = files.Any(f => f.Size is not null) ? files.Sum(f => f.Size ?? 0) : null,
            Files = files.Count,
        };
    }

    /// <summary>The md5 of <paramref name="node"/>, lowercased as DVC reads it, checked: 32 hex digits, <c>.dir</c> after a directory's.</summary>
    internal static string? Md5(DvcNode node)
    {
        if (node.Text("md5") is not { } text)
        {
            return null;
        }

        var md5 = text.ToLowerInvariant();
        var hex = md5.EndsWith(".dir", StringComparison.Ordinal) ? md5[..^4] : md5;
        return hex.Length == 32 && hex.All(char.IsAsciiHexDigitLower) ? md5
            : throw node.Bad($"has md5 '{text}', not 32 hex digits", node.Child("md5"));
    }

    /// <summary>The value of pin <paramref name="key"/> as DVC reads it: md5 and checksum lowercased, the rest as written.</summary>
    internal static string? Value(DvcNode node, string key) => key switch
    {
        "md5" => Md5(node),
        "checksum" => node.Text(key)?.ToLowerInvariant(),
        _ => node.Text(key),
    };

    private static DvcFile File(DvcNode file, DvcNode entry)
    {
        var relPath = file.Text("relpath") ?? throw file.Bad("has no relpath");
        var named = file.Named($"file {relPath} of {entry.What}");
        named.OnlyKeys(FileKeys);
        Cloud(named);
        return new DvcFile(relPath, Pins(named, DvcPins.Strength), named.Whole("size"), named);
    }

    internal static Dictionary<string, string> Pins(DvcNode node, string[] keys) =>
        keys.Select(k => (Key: k, Value: Value(node, k))).Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);

    /// <summary>A <c>cloud</c> map: at most one remote, named, each a mapping of DVC's pins and sizes.</summary>
    private static void Cloud(DvcNode entry)
    {
        if (entry.Mapping("cloud", $"the cloud map of {entry.What}") is not { } cloud)
        {
            return;
        }

        if (cloud.Node.Children.Count > 1)
        {
            throw entry.Bad("has a cloud map of more than one remote (DVC writes the one remote it pushed to)", cloud.Node);
        }

        foreach (var (remote, pins) in cloud.Node.Children)
        {
            var name = (remote as YamlScalarNode)?.Value;
            if (string.IsNullOrEmpty(name) || pins is not YamlMappingNode)
            {
                throw entry.Bad("has a cloud map that is not a remote's name and its pins", remote);
            }

            var remotePins = cloud.Mapping(name, $"the cloud pins of {entry.What} for remote {name}")!;
            remotePins.OnlyKeys(CloudKeys);
            _ = Pins(remotePins, DvcPins.Strength);
            _ = (remotePins.Whole("size"), remotePins.Whole("nfiles"));
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*://")]
    private static partial Regex UrlScheme();

    [GeneratedRegex(@"^[A-Za-z]:[\\/]")]
    private static partial Regex WindowsDrive();
}
