using System.Globalization;
using System.Text;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;
using Tollgate.Domain.Registry;
using Tollgate.Yaml;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Models.Lineage;

/// <summary>
/// The outputs a <c>dvc.lock</c> pins (schema 2.0, https://dvc.org/doc/user-guide/project-structure/dvc-yaml-files#dvclock-file):
/// <c>stages.&lt;name&gt;.outs[]</c> with <c>path</c>, <c>md5</c> (a directory's ends in <c>.dir</c>) or
/// <c>hash: md5</c> beside it, <c>size</c> and <c>nfiles</c>. Each becomes a dataset <c>md5:&lt;hash&gt;</c>, DVC's own
/// content address; no file is read. A file read as a lock is read strictly: a stage or an output of another shape is
/// bad input naming its line, never skipped, since a skipped output would be training data left out of the lineage.
/// </summary>
public static class DvcLock
{
    /// <summary>The largest lock read (real ones are kilobytes); a larger file is never taken for one by its content.</summary>
    public const long MaxBytes = 16L << 20;

    /// <summary>How much of a file <see cref="Looks"/> reads before it parses: DVC writes <c>schema:</c> on the first line.</summary>
    private const int HeadBytes = 4096;

    public static IReadOnlyList<DatasetInput> Read(string path, string shown) =>
        Outputs(new YamlErrors(shown).Root(InputFile.ReadText(path, shown, MaxBytes)), shown);

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
            root = YamlText.FirstRoot(InputFile.ReadText(path, path, MaxBytes));
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

    private static IReadOnlyList<DatasetInput> Outputs(YamlNode? document, string shown)
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

        var outputs = new List<DatasetInput>();
        foreach (var (stageName, stage) in stages.Children)
        {
            if (stage is not YamlMappingNode stageNode)
            {
                throw new InvalidInputException($"{shown}: stage {stageName} is not a mapping of cmd, deps and outs (line {stage.Start.Line})");
            }

            var outs = Child(stageNode, "outs");
            if (outs is null)
            {
                continue;
            }

            if (outs is not YamlSequenceNode list)
            {
                throw new InvalidInputException($"{shown}: outs of stage {stageName} is not a list of outputs (line {outs.Start.Line})");
            }

            foreach (var entry in list.Children)
            {
                outputs.Add(Output(entry, stageName, shown));
            }
        }

        return outputs.Count > 0 ? outputs : throw new InvalidInputException($"{shown}: the dvc.lock pins no outputs");
    }

    private static DatasetInput Output(YamlNode entry, YamlNode stageName, string shown)
    {
        if (entry is not YamlMappingNode output)
        {
            throw new InvalidInputException($"{shown}: an output of stage {stageName} is not a mapping with path and md5 (line {entry.Start.Line})");
        }

        var outPath = Scalar(output, "path") ?? throw new InvalidInputException($"{shown}: an output of stage {stageName} has no path (line {output.Start.Line})");
        var md5 = Scalar(output, "md5") ?? throw new InvalidInputException($"{shown}: output {outPath} of stage {stageName} has no md5 (line {output.Start.Line})");
        if (Scalar(output, "hash") is { } hash && hash != "md5")
        {
            throw new InvalidInputException($"{shown}: output {outPath} is hashed with {hash}; only md5 is DVC's content address");
        }

        return new DatasetInput("md5:" + md5, outPath)
        {
            Kind = "dvc",
            Bytes = Number(output, "size"),
            Files = Number(output, "nfiles") ?? (md5.EndsWith(".dir", StringComparison.Ordinal) ? null : 1),
        };
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    private static long? Number(YamlMappingNode node, string key) =>
        Scalar(node, key) is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
