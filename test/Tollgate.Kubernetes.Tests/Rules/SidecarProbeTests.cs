namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// <c>k8s/readiness-probe</c> on native sidecars (<c>Fixtures/sidecars.yaml</c>: init containers with
/// <c>restartPolicy: Always</c>). A sidecar's readiness probe counts towards its pod's readiness (Kubernetes 1.29 and
/// later), so one that makes the same check as its liveness probe is found as on an app container. A sidecar without a
/// readiness probe is no finding, and a regular init container's probes are refused by the API server
/// (<c>k8s/invalid-manifest</c>), never judged by this rule.
/// </summary>
public sealed class SidecarProbeTests
{
    private const string ProxyProbed = "            periodSeconds: 5\n        - name: log-forwarder";

    private static string ProxyLiveness(string path) =>
        $"            periodSeconds: 5\n          livenessProbe:\n            httpGet:\n              path: {path}\n              port: 15021\n            periodSeconds: 10\n            failureThreshold: 6\n        - name: log-forwarder";

    [Fact]
    public void Sidecar_LivenessMakesTheReadinessCheck_Found()
    {
        var text = FixtureText.Replaced("sidecars.yaml", ProxyProbed, ProxyLiveness("/healthz/ready"));

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Rule.ShouldBe("k8s/readiness-probe");
        finding.Address.ShouldBe("Deployment/shop/orders-api");
        finding.Message.ShouldBe("sidecar mesh-proxy of Deployment shop/orders-api: the readiness and liveness probes make the same check (httpGet /healthz/ready on port 15021): a sidecar's readiness counts towards its pod's (Kubernetes 1.29 and later), so when a dependency slows down every pod's sidecar fails both and is restarted instead of the pod being taken out of rotation");
        finding.Evidence["container"].ShouldBe("mesh-proxy");
        finding.Evidence["sidecar"].ShouldBe(true);
        ((string)finding.Evidence["probe"]!).ShouldContain("/healthz/ready");
    }

    [Fact]
    public void Sidecar_MisspeltAlways_ReadAsTheSidecarMeant()
    {
        var text = FixtureText.Replaced("sidecars.yaml", ProxyProbed, ProxyLiveness("/healthz/ready"))
            .Replace("          restartPolicy: Always\n          ports:", "          restartPolicy: always\n          ports:", StringComparison.Ordinal);

        var findings = Lint.Text(text).Findings;

        findings.Select(f => f.Rule).ShouldBe(["k8s/invalid-manifest", "k8s/readiness-probe"], ignoreOrder: true);
        findings.Single(f => f.Rule == "k8s/readiness-probe").Evidence["container"].ShouldBe("mesh-proxy");
    }

    [Fact]
    public void Sidecar_LivenessChecksSomethingElse_NoFinding()
    {
        var text = FixtureText.Replaced("sidecars.yaml", ProxyProbed, ProxyLiveness("/healthz/live"));

        Lint.Text(text).Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Sidecar_LivenessWithoutReadiness_NoFinding()
    {
        var text = FixtureText.Replaced("sidecars.yaml", "            readOnlyRootFilesystem: true\n", "            readOnlyRootFilesystem: true\n          livenessProbe:\n            tcpSocket:\n              port: 24224\n");

        Lint.Text(text).Findings.ShouldBeEmpty();
    }

    [Fact]
    public void RegularInitContainer_SameProbes_RefusedFieldsOnlyNotThisRule()
    {
        // Without restartPolicy: Always the proxy runs to completion first: its three probes are refused fields.
        var text = FixtureText.Replaced("sidecars.yaml", ProxyProbed, ProxyLiveness("/healthz/ready"))
            .Replace("          restartPolicy: Always\n          ports:", "          ports:", StringComparison.Ordinal);

        var findings = Lint.Text(text).Findings;

        findings.Count.ShouldBe(3);
        findings.ShouldAllBe(f => f.Rule == "k8s/invalid-manifest");
    }
}
