using Tollgate.Domain.Findings;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// Where pods and containers may restart, in manifests as teams write them: native sidecars
/// (<c>Fixtures/sidecars.yaml</c>: init containers with <c>restartPolicy: Always</c>, probed, beside a one-off init
/// container), a web Deployment, a StatefulSet, a Rollout. A workload's pods must restart always, an init container
/// takes probes and lifecycle hooks only as a sidecar, a regular container's own <c>restartPolicy</c> is refused before
/// Kubernetes 1.35, and a pod's operating system is <c>linux</c> or <c>windows</c>.
/// </summary>
public sealed class RestartPolicyTests
{
    [Fact]
    public void Sidecars_AsWritten_NoFinding()
    {
        // Probed sidecars, an unprobed one, os.name and the OS node selector: all as Kubernetes takes them.
        Lint.Text(FixtureText.Read("sidecars.yaml"), "sidecars.yaml").Findings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("web-deployment.yaml", "restartPolicy: Always", "restartPolicy: OnFailure", "OnFailure", "Deployment shop/storefront")]
    [InlineData("web-deployment.yaml", "restartPolicy: Always", "restartPolicy: never", "never", "Deployment shop/storefront")]
    [InlineData("stateful.yaml", "      priorityClassName: node-critical", "      priorityClassName: node-critical\n      restartPolicy: Never", "Never", "DaemonSet shop/log-shipper")]
    [InlineData("sidecars.yaml", "      shareProcessNamespace: false", "      shareProcessNamespace: false\n      restartPolicy: OnFailure", "OnFailure", "Deployment shop/orders-api")]
    public void PodRestartPolicy_NotAlwaysOnAWorkload_OneFinding(string fixture, string written, string wrong, string value, string address)
    {
        var text = FixtureText.Replaced(fixture, written, wrong);

        var finding = Lint.Text(text, fixture).Findings.ShouldHaveSingleItem();

        // Once: a misspelt never is not also an Unsupported value of the pod's enum.
        finding.Rule.ShouldBe("k8s/invalid-manifest");
        finding.Severity.ShouldBe(Severity.Critical);
        var meant = value == "never" ? "Never" : value;
        finding.Message.ShouldBe($"{address}: spec.template.spec.restartPolicy is {value}, and a {address.Split(' ')[0]}'s pods run until they are replaced: the API server refuses it (spec.template.spec.restartPolicy: Unsupported value: \"{meant}\": supported values: \"Always\")");
        finding.Evidence["field"].ShouldBe("spec.template.spec.restartPolicy");
        finding.Location!.Line.ShouldBe(FixtureText.LineOf(text, wrong.Split('\n')[^1].Trim()));
    }

    [Fact]
    public void PodRestartPolicy_NeverOnARollout_ItsReplicaSetsAreRefused()
    {
        var text = FixtureText.Replaced("argo-rollout-canary.yaml", "    spec:\n      containers:", "    spec:\n      restartPolicy: Never\n      containers:");

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Message.ShouldBe("Rollout shop/checkout: spec.template.spec.restartPolicy is Never, and a Rollout's pods run until they are replaced: the Argo Rollouts controller takes the Rollout, but the API server refuses each ReplicaSet it makes of it (spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"), so it never rolls out");
    }

    [Fact]
    public void PodRestartPolicy_NeverOnAJob_NoFinding()
    {
        // jobs.yaml's Job (Never) and CronJob (OnFailure) end, as a Job's pods must.
        Lint.Text(FixtureText.Read("jobs.yaml")).Findings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("          restartPolicy: Always\n          ports:", "          ports:", 1, "mesh-proxy", "startupProbe", null)]
    [InlineData("          restartPolicy: Always\n          ports:", "          restartPolicy: OnFailure\n          ports:", 1, "mesh-proxy", "startupProbe", "OnFailure")]
    [InlineData("          args: [\"orders-db:5432\", \"--timeout\", \"120s\"]", "          args: [\"orders-db:5432\", \"--timeout\", \"120s\"]\n          livenessProbe:\n            tcpSocket:\n              port: 5432", 0, "wait-for-db", "livenessProbe", null)]
    [InlineData("          args: [\"orders-db:5432\", \"--timeout\", \"120s\"]", "          args: [\"orders-db:5432\", \"--timeout\", \"120s\"]\n          lifecycle:\n            preStop:\n              exec:\n                command: [\"true\"]", 0, "wait-for-db", "lifecycle", null)]
    public void InitContainer_ProbedButNotASidecar_FindingPerField(string written, string wrong, int index, string name, string first, string? policy)
    {
        var text = FixtureText.Replaced("sidecars.yaml", written, wrong);

        var findings = Lint.Text(text).Findings;

        // The proxy without restartPolicy: Always has a startupProbe and a readinessProbe: two fields refused.
        findings.ShouldAllBe(f => f.Rule == "k8s/invalid-manifest" && f.Severity == Severity.Critical);
        findings.Count.ShouldBe(name == "mesh-proxy" ? 2 : 1);
        var finding = findings[0];
        var at = $"spec.template.spec.initContainers[{index}]";
        finding.Message.ShouldBe($"Deployment shop/orders-api: {at} ({name}) has a {first}, which an init container takes only as a sidecar (restartPolicy: Always): the API server refuses it ({at}.{first}: Forbidden: may not be set for init containers without restartPolicy=Always)");
        finding.Suggestion.ShouldBe($"set {at}.restartPolicy to Always to run it beside the app's containers as a sidecar, or remove its {first} if it runs to completion before them");
        finding.Evidence["restartPolicy"].ShouldBe(policy);
        finding.Location!.Line.ShouldBe(FixtureText.LineOf(text, $"{first}:") + 1);
    }

    [Fact]
    public void InitContainer_MisspeltAlways_ReadAsASidecar()
    {
        // always is Always a case away: one Unsupported value, and the proxy is linted as the sidecar meant.
        var text = FixtureText.Replaced("sidecars.yaml", "          restartPolicy: Always\n          ports:", "          restartPolicy: always\n          ports:");

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Evidence["field"].ShouldBe("spec.template.spec.initContainers[1].restartPolicy");
        finding.Evidence["near"].ShouldBe("Always");
    }

    [Theory]
    [InlineData("Always", "to run api as a sidecar, move it to spec.template.spec.initContainers with restartPolicy: Always (Kubernetes 1.29 and later); otherwise remove spec.template.spec.containers[0].restartPolicy: the pod's restartPolicy applies")]
    [InlineData("Never", "remove spec.template.spec.containers[0].restartPolicy for clusters before 1.35: the pod's restartPolicy applies to its containers")]
    public void Container_OwnRestartPolicy_MediumFindingNamingTheRelease(string policy, string suggestion)
    {
        var text = FixtureText.Replaced("sidecars.yaml", "        - name: api\n", $"        - name: api\n          restartPolicy: {policy}\n");

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Rule.ShouldBe("k8s/invalid-manifest");
        finding.Severity.ShouldBe(Severity.Medium);
        finding.Message.ShouldBe($"Deployment shop/orders-api: spec.template.spec.containers[0].restartPolicy is {policy}: a container of its own sets restartPolicy only from Kubernetes 1.35 (ContainerRestartRules); earlier clusters refuse it (spec.template.spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers)");
        finding.Suggestion.ShouldBe(suggestion);
        finding.Location!.Line.ShouldBe(FixtureText.LineOf(text, "- name: api") + 1);
    }

    [Theory]
    [InlineData("        name: linux", "        name: Linux", "Linux", "linux")]
    [InlineData("        name: linux", "        name: darwin", "darwin", null)]
    public void PodOs_NotLinuxOrWindows_CriticalUnsupportedValue(string written, string wrong, string value, string? near)
    {
        var text = FixtureText.Replaced("sidecars.yaml", written, wrong);

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Severity.ShouldBe(Severity.Critical);
        finding.Evidence["field"].ShouldBe("spec.template.spec.os.name");
        finding.Evidence["value"].ShouldBe(value);
        finding.Evidence["near"].ShouldBe(near);
        finding.Message.ShouldContain("supported values: \"linux\", \"windows\"");
    }

    [Theory]
    [InlineData("kubernetes.io/os: Linux", "Linux", "linux", "set spec.template.spec.nodeSelector.kubernetes.io/os to linux")]
    [InlineData("kubernetes.io/os: win", "win", null, "set spec.template.spec.nodeSelector.kubernetes.io/os to linux or windows")]
    public void NodeSelectorOs_NoNodeCarriesIt_MediumFinding(string wrong, string value, string? near, string suggestion)
    {
        var text = FixtureText.Replaced("sidecars.yaml", "kubernetes.io/os: linux", wrong);

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Rule.ShouldBe("k8s/invalid-manifest");
        finding.Severity.ShouldBe(Severity.Medium);
        finding.Message.ShouldBe($"Deployment shop/orders-api: spec.template.spec.nodeSelector.kubernetes.io/os is \"{value}\", which no node is labelled (the kubelet labels a node kubernetes.io/os: linux or windows){(near is null ? "" : $"; did you mean {near}?")}: its pods match no node and stay Pending");
        finding.Suggestion.ShouldBe(suggestion);
        finding.Location!.Line.ShouldBe(FixtureText.LineOf(text, wrong));
    }
}
