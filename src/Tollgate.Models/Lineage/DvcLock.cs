using System.Text;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;
using Tollgate.Domain.Registry;
using Tollgate.Yaml;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Models.Lineage;

/// <summary>
/// The datasets a <c>dvc.lock</c> pins (schema 2.0, https://dvc.org/doc/user-guide/project-structure/dvcyaml-files#dvclock-file):
/// every output of every stage (<c>stages.&lt;name&gt;.outs[]</c>) and every dependency (<c>deps[]</c>): on data
/// outside the repository (a URL or an absolute path, and <c>ds://</c> datasets), and inside it (raw data a stage reads,
/// by its md5), each addressed by the strongest identity DVC pinned for it (<see cref="DvcEntry"/>,
/// <see cref="DvcDatasetLock"/>): <c>md5:…</c>, DVC's content address, where DVC hashed the content, else the version
/// id, etag or checksum of the object with its URL, or the commit of the repository. No data is read (only the lock,
/// and the <c>dvc.yaml</c> beside it for the stages' <c>wdir</c>, <see cref="DvcStagePlaces"/>). A dependency
/// inside the repository with the digest of a stage's output is that output, recorded once (paths are relative to each
/// stage's <c>wdir</c>, which only dvc.yaml holds, so they are matched by digest). A file read
/// as a lock is read strictly: a stage or an entry of another shape, or an output that pins no version of its data, is
/// bad input naming its line, never skipped, since a skipped output would be training data left out of the lineage.
/// </summary>
public static class DvcLock
{
    /// <summary>The largest lock read (real ones are kilobytes); a larger file is never taken for one by its content.</summary>
    public const long MaxBytes = 16L << 20;

    /// <summary>How much of a file <see cref="Looks"/> reads before it parses: DVC writes <c>schema:</c> on the first line.</summary>
    private const int HeadBytes = 4096;

    public static IReadOnlyList<DatasetInput> Read(string path, string shown) => ReadAll(path, shown).Datasets;

    /// <summary>
    /// The datasets of the lock at <paramref name="path"/>, the data inside the repository its stages record (outputs,
    /// then dependencies, each relative to its stage's <c>wdir</c>, <see cref="DvcStagePlaces"/>) for
    /// <see cref="DvcWorkspace"/>: one read for what it records and what <c>which</c> compares with the workspace.
    /// </summary>
    internal static DvcRecord ReadAll(string path, string shown)
    {
        var document = new YamlErrors(shown).Root(InputFile.ReadText(path, shown, MaxBytes));
        return Datasets(document, shown, DvcStagePlaces.Read(path, shown));
    }

    /// <summary>
    /// True when the file at <paramref name="path"/> is a DVC lock by its content, whatever its name: YAML whose
    /// top-level mapping has <c>schema</c> and a <c>stages</c> mapping of stages, each a mapping, one at least with
    /// <c>deps</c> or <c>outs</c>. Only a file that starts with a <c>schema:</c> line within its first 4 KB, is text
    /// and holds at most 16 MB is parsed; text that is not YAML is not a lock (it is hashed as data).
    /// </summary>
    public static bool Looks(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length > MaxBytes || !HeadHasSchema(path))
        {
            return false;
        }

        YamlNode? root;
        try
        {
            root = YamlText.OnlyRoot(InputFile.ReadText(path, path, MaxBytes));
        }
        catch (Exception e) when (e is InvalidInputException or YamlDotNet.Core.YamlException)
        {
            return false;
        }

        return root is YamlMappingNode mapping
            && Child(mapping, "schema") is YamlScalarNode
            && Child(mapping, "stages") is YamlMappingNode { Children.Count: > 0 } stages
            && stages.Children.Values.All(s => s is YamlMappingNode)
            && stages.Children.Values.Cast<YamlMappingNode>().Any(s => Child(s, "deps") is not null || Child(s, "outs") is not null);
    }

    private static bool HeadHasSchema(string path)
    {
        var head = new byte[HeadBytes];
        int read;
        try
        {
            using var file = File.OpenRead(path);
            read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // hashing it says what is wrong, in --dataset's words
        }

        if (head.AsSpan(0, read).Contains((byte)0))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(head, 0, read);
        return text.Split('\n').Any(line => line.StartsWith("schema:", StringComparison.Ordinal));
    }

    private static DvcRecord Datasets(YamlNode? document, string shown, DvcStagePlaces places)
    {
        if (document is not YamlMappingNode root || Child(root, "stages") is not YamlMappingNode stages)
        {
            throw new InvalidInputException($"{shown}: not a dvc.lock (no stages mapping)");
        }

        switch (Child(root, "schema"))
        {
            case null:
            case YamlScalarNode { Value: { } version } when version.StartsWith("2.", StringComparison.Ordinal):
                break;
            case YamlScalarNode { Value: var version }:
                throw new InvalidInputException($"{shown}: dvc.lock schema {version}; Tollgate reads schema 2.0");
            case var other:
                throw new InvalidInputException($"{shown}: dvc.lock schema is not a version (line {other.Start.Line}); Tollgate reads schema 2.0");
        }

        var pinned = new List<(DatasetInput Dataset, bool InRepository)>();
        var (outputs, dependencies, notes) = (new List<RecordedData>(), new List<RecordedData>(), new List<string>());
        foreach (var (stageName, stage) in stages.Children)
        {
            if (stage is not YamlMappingNode stageNode)
            {
                throw new InvalidInputException($"{shown}: stage {stageName} is not a mapping of cmd, deps and outs (line {stage.Start.Line})");
            }

            var (place, note) = places.Of((stageName as YamlScalarNode)?.Value ?? "");
            notes.AddRange(note is null ? [] : [note]);
            foreach (var (entry, path) in Entries(stageNode, "deps", "dependency", stageName, shown))
            {
                if (DvcEntry.Dependency(entry, path, DvcEntry.EntryKeys) is { } outside)
                {
                    pinned.Add((outside, false));
                    continue;
                }

                var inside = DvcEntry.Read(entry, path);
                pinned.Add((inside, true));
                dependencies.AddRange(place is null ? [] : [new RecordedData(place, path, inside.Digest, entry.Text("hash") is null)]);
            }

            foreach (var (entry, path) in Entries(stageNode, "outs", "output", stageName, shown))
            {
                // The output is read and checked first: its object versions assume a well-formed cloud map.
                var output = DvcEntry.Read(entry, path);
                pinned.Add((output, false));
                pinned.AddRange(DvcObjectVersions.Of(entry, path, place).Select(v => (v, false)));
                outputs.AddRange(place is null || DvcEntry.IsOutsideRepository(path) || !output.Digest.StartsWith("md5:", StringComparison.Ordinal)
                    ? [] : [new RecordedData(place, path, output.Digest, entry.Text("hash") is null)]);
            }
        }

        // A dependency inside the repository with the digest of a stage's output is that output, recorded as that; any
        // other (raw data `dvc add`ed or committed to git, or an output's older version a stage read) is data only the
        // dependency records, so it is recorded as the dependency pins it.
        var recordedOutputs = pinned.Where(p => !p.InRepository).Select(p => p.Dataset.Digest).ToHashSet(StringComparer.Ordinal);
        var datasets = pinned.Where(p => !p.InRepository || !recordedOutputs.Contains(p.Dataset.Digest)).Select(p => p.Dataset).ToList();
        if (datasets.Count == 0)
        {
            throw new InvalidInputException($"{shown}: the dvc.lock pins no outputs and no dependencies");
        }

        // Outputs first: a dependency on the same path is that output's data, compared once, by the output's record.
        var inRepository = outputs.Concat(dependencies.Where(d => !recordedOutputs.Contains(d.Digest)))
            .DistinctBy(d => d.Place.Full(d.Path), StringComparer.Ordinal).ToList();
        return new(datasets.DistinctBy(d => (d.Digest, d.Path)).ToList(), inRepository, notes.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>The entries of a stage's <c>deps</c> or <c>outs</c>, each a mapping with a path, named by its path.</summary>
    private static IEnumerable<(DvcNode Entry, string Path)> Entries(YamlMappingNode stage, string key, string role, YamlNode stageName, string shown)
    {
        var list = Child(stage, key);
        if (list is null)
        {
            yield break;
        }

        if (list is not YamlSequenceNode items)
        {
            throw new InvalidInputException($"{shown}: {key} of stage {stageName} is not a list of {(role == "output" ? "outputs" : "dependencies")} (line {list.Start.Line})");
        }

        foreach (var item in items.Children)
        {
            var one = role == "output" ? "an output" : "a dependency";
            if (item is not YamlMappingNode entry)
            {
                throw new InvalidInputException($"{shown}: {one} of stage {stageName} is not a mapping with {(role == "output" ? "path and md5" : "a path")} (line {item.Start.Line})");
            }

            var node = new DvcNode(entry, shown, $"{one} of stage {stageName}");
            var path = node.Text("path") ?? throw node.Bad("has no path");
            yield return (node.Named($"{role} {path} of stage {stageName}"), path);
        }
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
}
