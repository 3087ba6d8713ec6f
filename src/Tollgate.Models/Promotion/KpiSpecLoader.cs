using System.Globalization;
using Tollgate.Domain;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Models.Promotion;

/// <summary>
/// Reads a KPI spec:
/// <code>
/// kpi: conversion          # a name for reports
/// column: converted        # per-request KPI value in the prediction log
/// direction: higher        # higher | lower is better
/// maxDrop: 0.01            # or maxDropAbsolute: 0.002
/// alpha: 0.05
/// minSamples: 200
/// sliceBy: [region]
/// versionColumn: model_version
/// </code>
/// Unknown keys are errors naming their line, so a typo never silently loosens the gate.
/// </summary>
public static class KpiSpecLoader
{
    private static readonly string[] Keys = ["kpi", "column", "direction", "maxDrop", "maxDropAbsolute", "alpha", "minSamples", "sliceBy", "versionColumn"];

    public static KpiSpec Load(string path, string shown)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(Domain.Inputs.InputFile.ReadText(path, shown, 1 << 20)));
        }
        catch (YamlException e)
        {
            throw new InvalidInputException($"{shown}: not YAML at line {e.Start.Line}: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidInputException($"{shown}: expected a mapping with kpi, column, direction and maxDrop");
        }

        foreach (var key in root.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } k } || !Keys.Contains(k, StringComparer.Ordinal))
            {
                throw new InvalidInputException($"{shown}:{key.Start.Line}: unknown key '{key}' (known: {string.Join(", ", Keys)})");
            }
        }

        var direction = Text(root, "direction", shown) ?? "higher";
        var spec = new KpiSpec(Text(root, "kpi", shown) ?? Required("kpi", shown), Text(root, "column", shown) ?? Required("column", shown))
        {
            HigherIsBetter = direction switch
            {
                "higher" => true,
                "lower" => false,
                _ => throw new InvalidInputException($"{shown}: direction '{direction}': expected higher or lower"),
            },
            MaxDrop = Number(root, "maxDrop", shown, 0, 1) ?? 0,
            MaxDropAbsolute = Number(root, "maxDropAbsolute", shown, 0, double.MaxValue),
            Alpha = Number(root, "alpha", shown, 1e-9, 0.5) ?? 0.05,
            MinSamples = (int)(Number(root, "minSamples", shown, 2, 1e9) ?? 200),
            VersionColumn = Text(root, "versionColumn", shown) ?? "model_version",
            Path = shown,
        };
        if (root.Children.TryGetValue(new YamlScalarNode("sliceBy"), out var slices))
        {
            spec = spec with
            {
                SliceBy = slices is YamlSequenceNode list
                    ? list.Children.Select(c => (c as YamlScalarNode)?.Value ?? throw new InvalidInputException($"{shown}:{c.Start.Line}: sliceBy holds column names")).ToList()
                    : throw new InvalidInputException($"{shown}:{slices.Start.Line}: sliceBy is a list of column names"),
            };
        }

        return spec;
    }

    private static string Required(string key, string shown) => throw new InvalidInputException($"{shown}: '{key}' is required");

    private static string? Text(YamlMappingNode root, string key, string shown) =>
        !root.Children.TryGetValue(new YamlScalarNode(key), out var node) ? null
        : node is YamlScalarNode { Value: { Length: > 0 } value } ? value
        : throw new InvalidInputException($"{shown}:{node.Start.Line}: '{key}' must be a non-empty text");

    private static double? Number(YamlMappingNode root, string key, string shown, double low, double high)
    {
        if (Text(root, key, shown) is not { } text)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= low && value <= high
            ? value
            : throw new InvalidInputException($"{shown}: '{key}: {text}' must be a number from {low.ToString(CultureInfo.InvariantCulture)} to {high.ToString(CultureInfo.InvariantCulture)}");
    }
}
