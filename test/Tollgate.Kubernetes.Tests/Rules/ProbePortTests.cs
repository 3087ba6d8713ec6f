using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c> on a probe's or a lifecycle hook's port the API server refuses: text is a port name,
/// which needs a letter (a quoted <c>"8080"</c> is refused), a number is 1 to 65535. Before, each passed.
/// </summary>
public sealed class ProbePortTests
{
    private static List<Tollgate.Domain.Findings.Finding> Invalid(string probes) =>
        [.. Lint.Text(All(Deployment("web", probes: probes), Pdb("web", "matchLabels: {app: web}"))).Findings.Where(f => f.Rule == "k8s/invalid-manifest")];

    private const string Ports = "          ports: [{name: http, containerPort: 8080}]\n";

    [Fact]
    public void InvalidManifest_QuotedNumberAsProbePort_FoundAtIt()
    {
        var finding = Invalid(Ports + "          readinessProbe: {httpGet: {path: /ready, port: \"8080\"}}\n          livenessProbe: {httpGet: {path: /live, port: 8080}}").ShouldHaveSingleItem();

        finding.Message.ShouldBe("Deployment default/web: spec.template.spec.containers[0].readinessProbe.httpGet.port is \"8080\", a quoted number, which Kubernetes reads as a port name: the API server refuses it (spec.template.spec.containers[0].readinessProbe.httpGet.port: Invalid value: \"8080\": must contain at least one letter (a-z))");
        finding.Suggestion.ShouldBe("set spec.template.spec.containers[0].readinessProbe.httpGet.port to 8080, unquoted");
        finding.Location!.Line.ShouldBe(22);
    }

    [Theory]
    [InlineData("readinessProbe: {tcpSocket: {port: Http_1}}", "readinessProbe.tcpSocket.port", "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")]
    [InlineData("readinessProbe: {httpGet: {path: /r, port: 70000}}", "readinessProbe.httpGet.port", "must be between 1 and 65535, inclusive")]
    [InlineData("startupProbe: {httpGet: {path: /r, port: a-very-long-port-name}}", "startupProbe.httpGet.port", "must be no more than 15 characters")]
    [InlineData("lifecycle: {preStop: {httpGet: {path: /stop, port: '80'}}}", "lifecycle.preStop.httpGet.port", "must contain at least one letter (a-z)")]
    public void InvalidManifest_PortTheApiServerRefuses_Found(string probe, string field, string says)
    {
        var finding = Invalid(Ports + "          " + probe + "\n          livenessProbe: {httpGet: {path: /live, port: http}}").ShouldHaveSingleItem();

        finding.Evidence["field"].ShouldBe("spec.template.spec.containers[0]." + field);
        finding.Message.ShouldEndWith($": {says})");
    }

    [Fact]
    public void InvalidManifest_NamedAndNumberedPorts_NoFinding()
    {
        Invalid(Ports + "          readinessProbe: {httpGet: {path: /ready, port: http}}\n          livenessProbe: {tcpSocket: {port: 8080}}").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("readinessProbe: {httpGet: {path: /ready, port: htp}}", "readinessProbe", "the pod never becomes ready")]
    [InlineData("startupProbe: {tcpSocket: {port: admin}}\n          readinessProbe: {httpGet: {path: /ready, port: http}}", "startupProbe", "the container is restarted again and again before it ever starts")]
    public void ReadinessProbe_ProbeNamesAPortTheContainerDoesNotDeclare_Found(string probe, string name, string outcome)
    {
        var findings = Lint.Text(All(Deployment("web", probes: Ports + "          " + probe + "\n          livenessProbe: {httpGet: {path: /live, port: http}}"), Pdb("web", "matchLabels: {app: web}"))).Findings;

        var finding = findings.ShouldHaveSingleItem();
        finding.Rule.ShouldBe("k8s/readiness-probe");
        finding.Message.ShouldStartWith($"container app of Deployment default/web: the {name} checks port '");
        finding.Message.ShouldContain("which the container does not declare (its ports are named http): the kubelet cannot resolve it, so the probe fails every time and " + outcome);
        finding.Evidence["declared"].ShouldBe(new[] { "http" });
    }

    [Fact]
    public void ReadinessProbe_ProbesNameDeclaredPorts_NoFinding()
    {
        Lint.Text(All(Deployment("web", probes: Ports + "          readinessProbe: {httpGet: {path: /ready, port: http}}\n          livenessProbe: {tcpSocket: {port: 8080}}"), Pdb("web", "matchLabels: {app: web}"))).Findings.ShouldBeEmpty();
    }
}
