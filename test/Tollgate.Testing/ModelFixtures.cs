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
}
