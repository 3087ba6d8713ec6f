using CsCheck;
using Tollgate.Canary.Spec;
using Tollgate.Domain;
using Tollgate.Kubernetes.Manifests;
using Tollgate.Models.Lineage;
using Tollgate.Models.Promotion;
using Tollgate.Policies.Loading;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests;

/// <summary>
/// Every YAML reader of Tollgate on mutated inputs and on entries without a key: a result or an input error that names
/// the file, never another exception (YamlDotNet's node model throws <see cref="ArgumentException"/> on <c>- : x</c>).
/// </summary>
public sealed class YamlFuzzTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("tollgate-yaml-fuzz-").FullName;

    public static TheoryData<string> Readers => ["policy", "canary spec", "kpi spec", "dvc.lock", "dvc.lock of every shape", ".dvc file of every shape", "manifest"];

    /// <summary>A .dvc file with every entry DVC writes into one: an import from a repository, from S3 and from a database, a file, a pushed directory, annotations.</summary>
    private const string EveryDvcFileShape = """
        md5: 0f343b0931126a20f133d67c2b018a3b
        frozen: true
        desc: every shape
        meta:
          owner: risk-data
        deps:
        - path: data/reference
          repo:
            url: https://github.com/example-org/fraud-reference.git
            rev: v2.1
            rev_lock: 3f786850e387550fdab836ed7e6dc881de23001b
        - hash: md5
          etag: 7d793037a0760186574b0282f2f435e7-12
          size: 201326592
          version_id: 2rT.kQ9wXz4LmN0pVb7cS1dF8gH3jK6e
          path: s3://fraud-lake/raw/transactions-2026-10.parquet
          fs_config:
            version_aware: true
        - db:
            query: SELECT 1
            connection: warehouse
        outs:
        - md5: 3863d0e317dee0a55c4e59d2ec0eef33
          size: 4096
          hash: md5
          path: train.csv
          desc: training rows
          type: dataset
          labels:
          - fraud
          remote: lake
          push: false
        - hash: md5
          path: features
          files:
          - relpath: train.csv
            md5: 3863d0e317dee0a55c4e59d2ec0eef33
            size: 4096
            cloud:
              lake:
                etag: 3863d0e317dee0a55c4e59d2ec0eef33
                version_id: 0sPq4Tn9.cXw1YbZ7mLk3JdHf6GeR2aV
        """;

    public static TheoryData<string, string> Keyless => new()
    {
        { "policy", "rules:\n  destroy: { severity: high }\n  : { severity: low }\n" },
        { "canary spec", "window: 10m\nmetrics:\n  - name: errors\n  - : x\n" },
        { "kpi spec", "kpi: conversion\n: converted\n" },
        { "dvc.lock", "schema: '2.0'\nstages:\n  prepare:\n    outs:\n    - : data/x\n" },
        { ".dvc file of every shape", "outs:\n- : train.csv\n" },
        { "manifest", "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  : b\n" },
    };

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [MemberData(nameof(Readers))]
    public void Read_MutatedYaml_ResultOrInputErrorNamingTheFile(string reader) =>
        Fuzz.Mutations(Seed(reader)).Sample(text => ReadOrInputError(reader, text), iter: Fuzz.Iterations(100));

    [Theory]
    [MemberData(nameof(Readers))]
    public void Read_Seed_ReadWithoutError(string reader) => ReadOrInputError(reader, Seed(reader)).ShouldBeNull(reader);

    [Theory]
    [MemberData(nameof(Keyless))]
    public void Read_MappingEntryWithoutKey_InputErrorWithLine(string reader, string text)
    {
        var error = ReadOrInputError(reader, text);

        error.ShouldNotBeNull(reader);
        error.Message.ShouldMatch(@"^input\.yaml:(\d+|.*line \d+)", reader);
    }

    private static string Seed(string reader) => reader switch
    {
        "policy" => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", "policy", "tollgate.yaml")),
        "canary spec" => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", "canary", "checkout.yaml")),
        "kpi spec" => ModelFixtures.KpiSpec,
        "dvc.lock" => ModelFixtures.DvcLock,
        ".dvc file of every shape" => EveryDvcFileShape,
        "dvc.lock of every shape" => DvcLocks.Text("mixed.lock") + string.Join("\n", DvcLocks.Text("datasets.lock").Split('\n').SkipWhile(l => l != "stages:").Skip(1)).Replace("  train:", "  train-on-datasets:", StringComparison.Ordinal),
        _ => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", "k8s", "unsafe", "payments-rollout.yaml")),
    };

    /// <summary>Null when the reader took the text; the input error when it refused it with the file's name first.</summary>
    private InvalidInputException? ReadOrInputError(string reader, string text)
    {
        var file = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(file, text);
        try
        {
            _ = reader switch
            {
                "policy" => PolicyReader.Parse(text, "input.yaml", Tollgate.Cli.Hosting.Pillars.Vocabulary),
                "canary spec" => SpecLoader.Parse(text, "input.yaml"),
                "kpi spec" => KpiSpecLoader.Load(file, "input.yaml"),
                "dvc.lock" or "dvc.lock of every shape" => DvcLock.Read(file, "input.yaml"),
                ".dvc file of every shape" => DotDvcFile.Read(file, "input.yaml"),
                _ => (object)YamlDocuments.Read(new ManifestText("input.yaml", text)),
            };
            return null;
        }
        catch (InvalidInputException e)
        {
            e.Message.ShouldStartWith("input.yaml:");
            return e;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
