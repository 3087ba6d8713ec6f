namespace Tollgate.Kubernetes.Tests.Cli;

/// <summary>
/// A lint finding points SARIF at the whole YAML node it is about: <c>region</c> ends just after the node's last
/// character (<c>endLine</c>, <c>endColumn</c>, SARIF 2.1.0 §3.30.5), where it had the start line alone; a block
/// collection ends with its last value, not at the comments and <c>---</c> the parser reads before it sees it end.
/// </summary>
public sealed class K8sSarifRegionTests : IDisposable
{
    private const string Manifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          replicas: 3
          selector: {matchLabels: {app: web}}
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: web
                  image: nginx:1.27

                  # a comment below the container
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}

        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-k8s-region-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Lint_Sarif_RegionsEndWhereTheNodeEnds()
    {
        File.WriteAllText(Path.Combine(_directory, "web.yaml"), Manifest);

        var run = await CliRun.RunAsync(_directory, null, ["k8s", "lint", "web.yaml", "--format", "sarif", "--ledger", Path.Combine(_directory, "l.db")]);

        run.ExitCode.ShouldBe(1, run.Error);
        var regions = run.Json().GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToDictionary(
            r => r.GetProperty("ruleId").GetString()!,
            r => string.Join(' ', r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").EnumerateObject().Select(p => $"{p.Name}={p.Value}")));
        regions["k8s/readiness-probe"].ShouldBe("startLine=15 endLine=16 endColumn=28", "the container, to the end of its image");
        regions["k8s/pdb-missing"].ShouldBe("startLine=1 endLine=16 endColumn=28", "the Deployment, to its last value");
    }
}
