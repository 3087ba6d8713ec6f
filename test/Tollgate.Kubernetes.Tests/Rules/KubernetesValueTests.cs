using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// The values Kubernetes' own fields take where its API lists them (the <c>+enum</c> Go types of <c>k8s.io/api</c>,
/// and the HPA's types its validation closes), checked in manifests as teams write them
/// (<c>Fixtures/web-deployment.yaml</c>, <c>stateful.yaml</c>, <c>jobs.yaml</c>, <c>argo-rollout-canary.yaml</c>):
/// the API server refuses any other value (<c>Unsupported value</c>), so each is one <c>k8s/invalid-manifest</c>
/// finding at its line, with the value meant when one is a case or a typo away, and the object is linted as meant.
/// </summary>
public sealed class KubernetesValueTests
{
    [Theory]
    [InlineData("web-deployment.yaml")]
    [InlineData("stateful.yaml")]
    [InlineData("jobs.yaml")]
    public void Fixture_AsWritten_NoFinding(string fixture)
    {
        Lint.Text(FixtureText.Read(fixture), fixture).Findings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("web-deployment.yaml", "imagePullPolicy: IfNotPresent", "imagePullPolicy: always", "always", "Deployment shop/storefront", "spec.template.spec.containers[0].imagePullPolicy", "Always", "\"Always\", \"IfNotPresent\", \"Never\"")]
    [InlineData("web-deployment.yaml", "restartPolicy: Always", "restartPolicy: always", "always", "Deployment shop/storefront", "spec.template.spec.restartPolicy", "Always", "\"Always\", \"Never\", \"OnFailure\"")]
    [InlineData("web-deployment.yaml", "    type: RollingUpdate", "    type: rollingUpdate", "rollingUpdate", "Deployment shop/storefront", "spec.strategy.type", "RollingUpdate", "\"Recreate\", \"RollingUpdate\"")]
    [InlineData("web-deployment.yaml", "scheme: HTTP\n            periodSeconds: 5", "scheme: https\n            periodSeconds: 5", "https", "Deployment shop/storefront", "spec.template.spec.containers[0].readinessProbe.httpGet.scheme", "HTTPS", "\"HTTP\", \"HTTPS\"")]
    [InlineData("web-deployment.yaml", "dnsPolicy: ClusterFirst", "dnsPolicy: clusterFirst", "clusterFirst", "Deployment shop/storefront", "spec.template.spec.dnsPolicy", "ClusterFirst", "\"ClusterFirst\", \"ClusterFirstWithHostNet\", \"Default\", \"None\"")]
    [InlineData("web-deployment.yaml", "terminationMessagePolicy: FallbackToLogsOnError", "terminationMessagePolicy: FallbackToLogOnError", "FallbackToLogOnError", "Deployment shop/storefront", "spec.template.spec.containers[0].terminationMessagePolicy", "FallbackToLogsOnError", "\"FallbackToLogsOnError\", \"File\"")]
    [InlineData("web-deployment.yaml", "protocol: TCP\n          resources", "protocol: tcp\n          resources", "tcp", "Deployment shop/storefront", "spec.template.spec.containers[0].ports[0].protocol", "TCP", "\"SCTP\", \"TCP\", \"UDP\"")]
    [InlineData("web-deployment.yaml", "operator: Exists\n          effect: NoSchedule", "operator: exists\n          effect: NoSchedule", "exists", "Deployment shop/storefront", "spec.template.spec.tolerations[0].operator", "Exists", "\"Equal\", \"Exists\", \"Gt\", \"Lt\"")]
    [InlineData("web-deployment.yaml", "effect: NoSchedule", "effect: NoSchedul", "NoSchedul", "Deployment shop/storefront", "spec.template.spec.tolerations[0].effect", "NoSchedule", "\"NoExecute\", \"NoSchedule\", \"PreferNoSchedule\"")]
    [InlineData("web-deployment.yaml", "whenUnsatisfiable: ScheduleAnyway", "whenUnsatisfiable: scheduleAnyway", "scheduleAnyway", "Deployment shop/storefront", "spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable", "ScheduleAnyway", "\"DoNotSchedule\", \"ScheduleAnyway\"")]
    [InlineData("web-deployment.yaml", "type: LoadBalancer", "type: Loadbalancer", "Loadbalancer", "Service shop/storefront", "spec.type", "LoadBalancer", "\"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"")]
    [InlineData("web-deployment.yaml", "externalTrafficPolicy: Local", "externalTrafficPolicy: local", "local", "Service shop/storefront", "spec.externalTrafficPolicy", "Local", "\"Cluster\", \"Local\"")]
    [InlineData("web-deployment.yaml", "internalTrafficPolicy: Cluster", "internalTrafficPolicy: cluster", "cluster", "Service shop/storefront", "spec.internalTrafficPolicy", "Cluster", "\"Cluster\", \"Local\"")]
    [InlineData("web-deployment.yaml", "protocol: TCP\n---", "protocol: Tcp\n---", "Tcp", "Service shop/storefront", "spec.ports[0].protocol", "TCP", "\"SCTP\", \"TCP\", \"UDP\"")]
    [InlineData("web-deployment.yaml", "unhealthyPodEvictionPolicy: AlwaysAllow", "unhealthyPodEvictionPolicy: AlwaysAlow", "AlwaysAlow", "PodDisruptionBudget shop/storefront", "spec.unhealthyPodEvictionPolicy", "AlwaysAllow", "\"AlwaysAllow\", \"IfHealthyBudget\"")]
    [InlineData("web-deployment.yaml", "selectPolicy: Max", "selectPolicy: max", "max", "HorizontalPodAutoscaler shop/storefront", "spec.behavior.scaleUp.selectPolicy", "Max", "\"Disabled\", \"Max\", \"Min\"")]
    [InlineData("web-deployment.yaml", "type: Utilization", "type: utilization", "utilization", "HorizontalPodAutoscaler shop/storefront", "spec.metrics[0].resource.target.type", "Utilization", "\"AverageValue\", \"Utilization\", \"Value\"")]
    [InlineData("web-deployment.yaml", "- type: Percent", "- type: percent", "percent", "HorizontalPodAutoscaler shop/storefront", "spec.behavior.scaleUp.policies[0].type", "Percent", "\"Percent\", \"Pods\"")]
    [InlineData("web-deployment.yaml", "- type: Resource", "- type: resource", "resource", "HorizontalPodAutoscaler shop/storefront", "spec.metrics[0].type", "Resource", "\"ContainerResource\", \"External\", \"Object\", \"Pods\", \"Resource\"")]
    [InlineData("stateful.yaml", "podManagementPolicy: Parallel", "podManagementPolicy: parallel", "parallel", "StatefulSet shop/queue", "spec.podManagementPolicy", "Parallel", "\"OrderedReady\", \"Parallel\"")]
    [InlineData("stateful.yaml", "type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 1\n", "type: Rollingupdate\n    rollingUpdate:\n      maxUnavailable: 1\n", "Rollingupdate", "StatefulSet shop/queue", "spec.updateStrategy.type", "RollingUpdate", "\"OnDelete\", \"RollingUpdate\"")]
    [InlineData("stateful.yaml", "accessModes: [ReadWriteOnce]", "accessModes: [ReadWriteOne]", "ReadWriteOne", "StatefulSet shop/queue", "spec.volumeClaimTemplates[0].spec.accessModes[0]", "ReadWriteOnce", "\"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"")]
    [InlineData("stateful.yaml", "type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 10%", "type: OnDeleted\n    rollingUpdate:\n      maxUnavailable: 10%", "OnDeleted", "DaemonSet shop/log-shipper", "spec.updateStrategy.type", "OnDelete", "\"OnDelete\", \"RollingUpdate\"")]
    [InlineData("stateful.yaml", "type: Directory", "type: directory", "directory", "DaemonSet shop/log-shipper", "spec.template.spec.volumes[0].hostPath.type", "Directory", "\"BlockDevice\", \"CharDevice\", \"Directory\", \"DirectoryOrCreate\", \"File\", \"FileOrCreate\", \"Socket\"")]
    [InlineData("jobs.yaml", "completionMode: NonIndexed", "completionMode: Nonindexed", "Nonindexed", "Job shop/migrate-orders", "spec.completionMode", "NonIndexed", "\"Indexed\", \"NonIndexed\"")]
    [InlineData("jobs.yaml", "action: FailJob", "action: failJob", "failJob", "Job shop/migrate-orders", "spec.podFailurePolicy.rules[0].action", "FailJob", "\"Count\", \"FailIndex\", \"FailJob\", \"Ignore\"")]
    [InlineData("jobs.yaml", "operator: In", "operator: in", "in", "Job shop/migrate-orders", "spec.podFailurePolicy.rules[0].onExitCodes.operator", "In", "\"In\", \"NotIn\"")]
    [InlineData("jobs.yaml", "concurrencyPolicy: Forbid", "concurrencyPolicy: forbid", "forbid", "CronJob shop/nightly-report", "spec.concurrencyPolicy", "Forbid", "\"Allow\", \"Forbid\", \"Replace\"")]
    [InlineData("argo-rollout-canary.yaml", "checkout:2.14.0\n", "checkout:2.14.0\n          imagePullPolicy: ifNotPresent\n", "ifNotPresent", "Rollout shop/checkout", "spec.template.spec.containers[0].imagePullPolicy", "IfNotPresent", "\"Always\", \"IfNotPresent\", \"Never\"")]
    public void Value_NotOneKubernetesTakes_OneFindingWithTheValueMeant(string fixture, string written, string wrong, string value, string address, string path, string meant, string supported)
    {
        var text = FixtureText.Replaced(fixture, written, wrong);

        var lint = Lint.Text(text, fixture);

        var finding = lint.Findings.ShouldHaveSingleItem();
        finding.Rule.ShouldBe("k8s/invalid-manifest");
        var caseNote = value.Equals(meant, StringComparison.OrdinalIgnoreCase) ? " (values are case-sensitive)" : "";
        finding.Message.ShouldBe($"{address}: {path} is \"{value}\", which a {address.Split(' ')[0]} does not take there; did you mean {meant}?{caseNote}: kubectl apply refuses it ({path}: Unsupported value: \"{value}\": supported values: {supported}); linted as {meant}");
        finding.Suggestion.ShouldBe($"set {path} to {meant}");
        finding.Evidence["value"].ShouldBe(value);
        finding.Location!.Line.ShouldBe(FixtureText.LineOf(text, wrong.Split('\n').First(l => l.Contains(value, StringComparison.Ordinal))));
    }

    [Fact]
    public void Value_NothingNear_FoundWithTheValuesTakenAndNotReadAsAnother()
    {
        var text = FixtureText.Replaced("web-deployment.yaml", "imagePullPolicy: IfNotPresent", "imagePullPolicy: OnChange");

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Message.ShouldBe("Deployment shop/storefront: spec.template.spec.containers[0].imagePullPolicy is \"OnChange\", which a Deployment does not take there: kubectl apply refuses it (spec.template.spec.containers[0].imagePullPolicy: Unsupported value: \"OnChange\": supported values: \"Always\", \"IfNotPresent\", \"Never\")");
        finding.Suggestion.ShouldBe("set spec.template.spec.containers[0].imagePullPolicy to one of \"Always\", \"IfNotPresent\", \"Never\"");
    }

    [Fact]
    public void Value_Empty_IsTheFieldUnsetWhichTheApiServerDefaults()
    {
        var text = FixtureText.Replaced("web-deployment.yaml", "imagePullPolicy: IfNotPresent", "imagePullPolicy: \"\"");

        Lint.Text(text).Findings.ShouldBeEmpty();
    }

    [Fact]
    public void StrategyType_Misspelt_LintedAsTheRollingUpdateMeant()
    {
        // Read as RollingUpdate, the update's maxUnavailable is judged: 4 of 4 pods may go down at once. As written
        // ("rollingupdate") no rolling update would be read, and that second mistake would pass.
        var text = FixtureText.Replaced("web-deployment.yaml", "    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 25%\n      maxUnavailable: 1", "    type: rollingupdate\n    rollingUpdate:\n      maxSurge: 25%\n      maxUnavailable: 4");

        var findings = Lint.Text(text).Findings;

        findings.Select(f => f.Rule).ShouldBe(["k8s/invalid-manifest", "k8s/max-unavailable"], ignoreOrder: true);
        findings.Single(f => f.Rule == "k8s/invalid-manifest").Message.ShouldEndWith("; linted as RollingUpdate");
    }

    [Theory]
    [InlineData("always", "always")]
    [InlineData("Always", "Always")]
    public void JobRestartPolicy_AlwaysInAnyCase_OneFindingThatAJobsPodsMustEnd(string written, string quoted)
    {
        var text = FixtureText.Replaced("jobs.yaml", "      restartPolicy: Never", $"      restartPolicy: {written}");

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Message.ShouldBe($"Job shop/migrate-orders: spec.template.spec.restartPolicy is {quoted}, and a Job's pods must end: the API server refuses it (Unsupported value: \"{quoted}\": supported values: \"OnFailure\", \"Never\")");
    }

    [Fact]
    public void JobRestartPolicy_CaseOfNever_OneFindingAndLintedAsNever()
    {
        var text = FixtureText.Replaced("jobs.yaml", "      restartPolicy: Never", "      restartPolicy: never");

        var finding = Lint.Text(text).Findings.ShouldHaveSingleItem();

        finding.Message.ShouldEndWith("; linted as Never");
    }

    [Theory]
    [InlineData("core.v1.Container", "imagePullPolicy", new[] { "Always", "IfNotPresent", "Never" })]
    [InlineData("core.v1.PodSpec", "restartPolicy", new[] { "Always", "Never", "OnFailure" })]
    [InlineData("core.v1.PodSpec", "preemptionPolicy", new[] { "Never", "PreemptLowerPriority" })]
    [InlineData("core.v1.ServiceSpec", "type", new[] { "ClusterIP", "ExternalName", "LoadBalancer", "NodePort" })]
    [InlineData("apps.v1.DeploymentStrategy", "type", new[] { "Recreate", "RollingUpdate" })]
    [InlineData("batch.v1.JobSpec", "completionMode", new[] { "Indexed", "NonIndexed" })]
    [InlineData("autoscaling.v2.HPAScalingRules", "selectPolicy", new[] { "Disabled", "Max", "Min" })]
    [InlineData("autoscaling.v2.MetricTarget", "type", new[] { "AverageValue", "Utilization", "Value" })]
    public void Enums_GeneratedFromKubernetesTypes_TheValuesTheApiServerTakes(string definition, string field, string[] values)
    {
        ApiFields.Known.ValuesOf(definition, field)!.ShouldBe(values);
    }

    [Fact]
    public void Enums_OpenStringTypes_NotListed()
    {
        // A Service port's appProtocol and a volume's emptyDir medium take values the API does not enumerate.
        ApiFields.Known.ValuesOf("core.v1.ServicePort", "appProtocol").ShouldBeNull();
        ApiFields.Known.ValuesOf("core.v1.EmptyDirVolumeSource", "medium").ShouldBeNull();
    }
}
