using Tollgate.Kubernetes.Lint;
using Tollgate.Kubernetes.Manifests;

namespace Tollgate.Kubernetes.Tests;

/// <summary>Manifests written in a test, linted by the real reader and rules.</summary>
internal static class Lint
{
    public const long MaxBytes = ManifestInputs.MaxBytes;

    public static LintResult Text(string yaml, string name = "test.yaml") => ManifestLint.Lint([new ManifestText(name, yaml)]);

    public static string Example(string path) => Path.Combine(AppContext.BaseDirectory, "examples", path);

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
}
