using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// <c>k8s/readiness-probe</c>'s "same check as liveness", read as the kubelet sends the request: a named port is the
/// container's port of that name, and a default spelt out is the default.
/// </summary>
public sealed class ProbeCheckTests
{
    private static List<string> Rules(string readiness, string liveness)
    {
        var probes = $"""
                      ports: [{"{"}name: http, containerPort: 8080{"}"}, {"{"}name: admin, containerPort: 9090{"}"}]
                      readinessProbe: {readiness}
                      livenessProbe: {liveness}
            """;
        return [.. Lint.Text(All(Deployment("web", probes: probes), Pdb("web", "matchLabels: {app: web}"))).Findings.Select(f => f.Rule)];
    }

    [Theory]
    [InlineData("{httpGet: {path: /health, port: http}}", "{httpGet: {path: /health, port: 8080}}")]
    [InlineData("{tcpSocket: {port: http}}", "{tcpSocket: {port: 8080}}")]
    [InlineData("{httpGet: {path: /health, port: 8080, scheme: HTTP}}", "{httpGet: {path: /health, port: 8080}}")]
    [InlineData("{httpGet: {path: /health, port: http, host: ''}}", "{httpGet: {path: /health, port: http}}")]
    [InlineData("{httpGet: {path: '', port: http}}", "{httpGet: {path: /, port: 8080}}")]
    [InlineData("{grpc: {port: 9090, service: ''}}", "{grpc: {port: 9090}}")]
    public void SameCheck_SpeltTwoWays_Found(string readiness, string liveness)
    {
        Rules(readiness, liveness).ShouldBe(["k8s/readiness-probe"]);
    }

    [Theory]
    [InlineData("{httpGet: {path: /health, port: admin}}", "{httpGet: {path: /health, port: 8080}}")]
    [InlineData("{httpGet: {path: /health, port: 8080, scheme: HTTPS}}", "{httpGet: {path: /health, port: 8080}}")]
    [InlineData("{tcpSocket: {port: http}}", "{tcpSocket: {port: 9090}}")]
    [InlineData("{httpGet: {path: /ready, port: http}}", "{httpGet: {path: /health, port: http}}")]
    public void SameCheck_DifferentRequests_NotFound(string readiness, string liveness)
    {
        Rules(readiness, liveness).ShouldBeEmpty();
    }
}
