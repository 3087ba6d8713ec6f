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

    public static TheoryData<string> Readers => ["policy", "canary spec", "kpi spec", "dvc.lock", "dvc.lock of every shape", "manifest"];

    public static TheoryData<string, string> Keyless => new()
    {
        { "policy", "rules:\n  destroy: { severity: high }\n  : { severity: low }\n" },
        { "canary spec", "window: 10m\nmetrics:\n  - name: errors\n  - : x\n" },
        { "kpi spec", "kpi: conversion\n: converted\n" },
        { "dvc.lock", "schema: '2.0'\nstages:\n  prepare:\n    outs:\n    - : data/x\n" },
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
