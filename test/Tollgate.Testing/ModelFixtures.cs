using System.Globalization;
using System.Text;

namespace Tollgate.Testing;

/// <summary>Model-promotion inputs that several suites read: a KPI spec and a <c>dvc.lock</c> in DVC's schema 2.0.</summary>
public static class ModelFixtures
{
    /// <summary>Conversion, higher is better, may drop 10 %, 500 samples per arm, sliced by region.</summary>
    public const string KpiSpec = """
        kpi: conversion
        column: converted
        direction: higher
        maxDrop: 0.1
        minSamples: 500
        sliceBy: [region]
        """;

    /// <summary>Two stages: a directory output (<c>.dir</c> digest, four files) and a file output (legacy md5 key).</summary>
    public const string DvcLock = """
        schema: '2.0'
        stages:
          prepare:
            cmd: python prepare.py
            outs:
            - path: data/features
              hash: md5
              md5: 3863d0e317dee0a55c4e59d2ec0eef33.dir
              size: 4096
              nfiles: 4
          split:
            cmd: python split.py
            outs:
            - path: data/test.csv
              md5: a304afb96060aad90176268345e10355
              size: 120
        """;

    /// <summary>
    /// A CSV of 20 numeric columns <c>f00</c>..<c>f19</c> of uniform values, nearly all distinct (a column's values are
    /// kept, 8 bytes a row), with <c>f03</c> shifted by <paramref name="shift"/>: 30,000 rows make 11 MB.
    /// </summary>
    public static void WriteUniformColumns(string path, int seed, int rows, double shift)
    {
        var random = new Random(seed);
        var text = new StringBuilder(string.Join(",", Enumerable.Range(0, 20).Select(c => $"f{c:00}")) + "\n");
        for (var r = 0; r < rows; r++)
        {
            text.AppendJoin(',', Enumerable.Range(0, 20).Select(c => (random.NextDouble() + (c == 3 ? shift : 0)).ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }
}
