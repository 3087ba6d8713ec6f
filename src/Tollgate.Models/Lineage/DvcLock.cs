using System.Globalization;
using Tollgate.Domain;
using Tollgate.Domain.Registry;
using Tollgate.Yaml;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Models.Lineage;

/// <summary>
/// The outputs a <c>dvc.lock</c> pins (schema 2.0, https://dvc.org/doc/user-guide/project-structure/dvc-yaml-files#dvclock-file):
/// <c>stages.&lt;name&gt;.outs[]</c> with <c>path</c>, <c>md5</c> (a directory's ends in <c>.dir</c>) or
/// <c>hash: md5</c> beside it, <c>size</c> and <c>nfiles</c>. Each becomes a dataset <c>md5:&lt;hash&gt;</c>, DVC's own
/// content address; no file is read.
/// </summary>
public static class DvcLock
{
    public static IReadOnlyList<DatasetInput> Read(string path, string shown)
    {
        // Text that is not YAML: "file:line:column: not valid YAML: reason", as every YAML input says it.
        var document = new YamlErrors(shown).Root(Domain.Inputs.InputFile.ReadText(path, shown, 16 << 20));

        if (document is not YamlMappingNode root
            || Child(root, "stages") is not YamlMappingNode stages)
        {
            throw new InvalidInputException($"{shown}: not a dvc.lock (no stages mapping)");
        }

        if (Scalar(root, "schema") is { } schema && !schema.StartsWith("2.", StringComparison.Ordinal))
        {
            throw new InvalidInputException($"{shown}: dvc.lock schema {schema}; Tollgate reads schema 2.0");
        }

        var outputs = new List<DatasetInput>();
        foreach (var (stageName, stage) in stages.Children)
        {
            if (stage is not YamlMappingNode stageNode || Child(stageNode, "outs") is not YamlSequenceNode outs)
            {
                continue;
            }

            foreach (var output in outs.Children.OfType<YamlMappingNode>())
            {
                var outPath = Scalar(output, "path") ?? throw new InvalidInputException($"{shown}: an output of stage {stageName} has no path (line {output.Start.Line})");
                var md5 = Scalar(output, "md5") ?? throw new InvalidInputException($"{shown}: output {outPath} of stage {stageName} has no md5 (line {output.Start.Line})");
                if (Scalar(output, "hash") is { } hash && hash != "md5")
                {
                    throw new InvalidInputException($"{shown}: output {outPath} is hashed with {hash}; only md5 is DVC's content address");
                }

                outputs.Add(new DatasetInput("md5:" + md5, outPath)
                {
                    Kind = "dvc",
                    Bytes = Number(output, "size"),
                    Files = Number(output, "nfiles") ?? (md5.EndsWith(".dir", StringComparison.Ordinal) ? null : 1),
                });
            }
        }

        return outputs.Count > 0 ? outputs : throw new InvalidInputException($"{shown}: the dvc.lock pins no outputs");
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    private static long? Number(YamlMappingNode node, string key) =>
        Scalar(node, key) is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
