using Tollgate.Kubernetes.Objects;
using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c> on a field Kubernetes' own OpenAPI schema does not declare where it is written
/// (<see cref="ApiFields"/>): a misspelt <c>readinessProbes</c> or <c>minReadySecond</c> in a Deployment, a
/// StatefulSet, a DaemonSet, a budget, an autoscaler, a Service, and in a Rollout's pod template. Before, each was
/// dropped silently: the pod ran with no probe (and the lint said "no readiness probe" without saying why).
/// </summary>
public sealed class KubernetesFieldTests
{
    private const string SafeBudget = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: all}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n";

    /// <summary>A Deployment using much of the pod template: maps, int-or-strings, quantities, lists of objects.</summary>
    private const string Rich = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web, any-label: x}
          annotations: {example.com/anything: "1"}
        spec:
          replicas: 3
          minReadySeconds: 10
          strategy:
            type: RollingUpdate
            rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}
          selector:
            matchLabels: {app: web}
            matchExpressions: [{key: tier, operator: NotIn, values: [batch]}]
          template:
            metadata:
              labels: {app: web}
              annotations: {prometheus.io/scrape: "true"}
            spec:
              nodeSelector: {kubernetes.io/os: linux}
              serviceAccountName: web
              securityContext: {runAsNonRoot: true, fsGroup: 2000, seccompProfile: {type: RuntimeDefault}}
              affinity:
                podAntiAffinity:
                  preferredDuringSchedulingIgnoredDuringExecution:
                    - weight: 100
                      podAffinityTerm: {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: web}}}
              tolerations: [{key: dedicated, operator: Equal, value: web, effect: NoSchedule}]
              topologySpreadConstraints: [{maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {matchLabels: {app: web}}}]
              initContainers:
                - name: migrate
                  image: example/migrate:1
                  command: [migrate, up]
              containers:
                - name: app
                  image: example/app:1
                  ports: [{name: http, containerPort: 8080, protocol: TCP}]
                  env:
                    - {name: MODE, value: prod}
                    - name: POD_IP
                      valueFrom: {fieldRef: {fieldPath: status.podIP}}
                  envFrom: [{configMapRef: {name: web}}]
                  resources:
                    requests: {cpu: 100m, memory: 128Mi}
                    limits: {memory: 256Mi, nvidia.com/gpu: 1}
                  volumeMounts: [{name: config, mountPath: /etc/web, readOnly: true}]
                  securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
                  readinessProbe:
                    httpGet: {path: /ready, port: http}
                    periodSeconds: 5
                  livenessProbe:
                    tcpSocket: {port: 8080}
                  lifecycle:
                    preStop: {exec: {command: [sleep, "5"]}}
              volumes:
                - name: config
                  configMap: {name: web, items: [{key: a, path: a}]}
                - name: scratch
                  emptyDir: {sizeLimit: 1Gi}
        status:
          replicas: 3
          anything: the cluster's

        """;

    private static List<Domain.Findings.Finding> Unknown(params string[] documents) =>
        [.. Lint.Text(All([.. documents, SafeBudget])).Findings.Where(f => f.Rule == "k8s/invalid-manifest" && f.Message.Contains(" is not a field of a ", StringComparison.Ordinal))];

    [Fact]
    public void Field_EveryOneTheSchemaDeclares_Passes()
    {
        Unknown(Rich).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("  minReadySeconds: 10", "  minReadySecond: 10", "spec.minReadySecond", "minReadySeconds")]
    [InlineData("      readinessProbe:", "      readinessProbes:", "spec.template.spec.containers[0].readinessProbes", "readinessProbe")]
    [InlineData("httpGet: {path: /ready", "httpGet: {pth: /ready", "spec.template.spec.containers[0].readinessProbe.httpGet.pth", "path")]
    [InlineData("    periodSeconds: 5", "    periodSecond: 5", "spec.template.spec.containers[0].readinessProbe.periodSecond", "periodSeconds")]
    [InlineData("      resources:", "      resource:", "spec.template.spec.containers[0].resource", "resources")]
    [InlineData("[{name: config, mountPath:", "[{name: config, mounthPath:", "spec.template.spec.containers[0].volumeMounts[0].mounthPath", "mountPath")]
    [InlineData("valueFrom: {fieldRef:", "valueFrom: {fieldRefs:", "spec.template.spec.containers[0].env[1].valueFrom.fieldRefs", "fieldRef")]
    [InlineData("capabilities: {drop:", "capabilities: {dorp:", "spec.template.spec.containers[0].securityContext.capabilities.dorp", "drop")]
    [InlineData("  - name: migrate\n          image: example/migrate:1", "  - name: migrate\n          imge: example/migrate:1", "spec.template.spec.initContainers[0].imge", "image")]
    [InlineData("    preStop:", "    preStp:", "spec.template.spec.containers[0].lifecycle.preStp", "preStop")]
    [InlineData("      tolerations:", "      toleration:", "spec.template.spec.toleration", "tolerations")]
    [InlineData("[{maxSkew: 1", "[{maxSkw: 1", "spec.template.spec.topologySpreadConstraints[0].maxSkw", "maxSkew")]
    [InlineData("- weight: 100", "- wieght: 100", "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].wieght", "weight")]
    [InlineData("configMap: {name: web", "configMaps: {name: web", "spec.template.spec.volumes[0].configMaps", "configMap")]
    [InlineData("  annotations: {prometheus", "  anotations: {prometheus", "spec.template.metadata.anotations", "annotations")]
    [InlineData("rollingUpdate: {maxSurge", "rollingUpdate: {maxSurg", "spec.strategy.rollingUpdate.maxSurg", "maxSurge")]
    [InlineData("\nspec:\n  replicas: 3", "\nspec:\n  replica: 3", "spec.replica", "replicas")]
    public void Field_NotInKubernetesSchema_FoundWithTheFieldMeantAtItsLine(string written, string mistyped, string path, string meant)
    {
        Rich.ShouldContain(written);
        var deployment = Rich.Replace(written, mistyped, StringComparison.Ordinal);
        var key = path[(path.LastIndexOf('.') + 1)..];
        var keyLine = deployment.Split('\n').ToList().FindIndex(l => l.Contains(key + ":", StringComparison.Ordinal)) + 1;
        var parent = path[..path.LastIndexOf('.')];

        var finding = Unknown(deployment).ShouldHaveSingleItem();

        finding.Message.ShouldBe($"Deployment default/web: {path} is not a field of a Deployment; did you mean {meant}?: kubectl apply refuses it (strict decoding error: unknown field \"{path}\"), and applied without validation the API server drops it; linted as {parent}.{meant}");
        finding.Suggestion.ShouldBe($"rename {path} to {parent}.{meant}");
        finding.Evidence["field"].ShouldBe(path);
        finding.Location!.Line.ShouldBeInRange(keyLine, keyLine + 1);
    }

    [Fact]
    public void Field_AtTheTopLevel_FoundWithTheFieldMeant()
    {
        var finding = Unknown(Rich.Replace("\nstatus:", "\nstatuss:", StringComparison.Ordinal)).ShouldHaveSingleItem();

        finding.Evidence["field"].ShouldBe("statuss");
        finding.Suggestion.ShouldBe("rename statuss to status");
    }

    [Fact]
    public void Field_FarFromEveryField_FoundWithTheFieldsTaken()
    {
        var finding = Unknown(Rich.Replace("    periodSeconds: 5", "    retryForever: true", StringComparison.Ordinal)).ShouldHaveSingleItem();

        finding.Suggestion.ShouldBe($"remove spec.template.spec.containers[0].readinessProbe.retryForever: spec.template.spec.containers[0].readinessProbe takes {string.Join(", ", ApiFields.Known.Of("core.v1.Probe")!)}");
        ApiFields.Known.Of("core.v1.Probe")!.ShouldContain("httpGet");
    }

    [Fact]
    public void Field_MisspeltNamespace_LintedInTheNamespaceMeant()
    {
        var lint = Lint.Text(All(Rich.Replace("  name: web\n  labels", "  name: web\n  namspace: shop\n  labels", StringComparison.Ordinal), SafeBudget));

        var finding = lint.Findings.Where(f => f.Rule == "k8s/invalid-manifest").ShouldHaveSingleItem();
        finding.Message.ShouldBe("Deployment shop/web: metadata.namspace is not a field of a Deployment; did you mean namespace?: kubectl apply refuses it (strict decoding error: unknown field \"metadata.namspace\"), and applied without validation the API server drops it; linted as metadata.namespace");
        lint.Set.Workloads.ShouldHaveSingleItem().Namespace.ShouldBe("shop");
        // The budget is in default: once the key is fixed, nothing protects shop/web, and one run says so.
        lint.Findings.Where(f => f.Rule == "k8s/pdb-missing").ShouldHaveSingleItem().Address.ShouldBe("Deployment/shop/web");
    }

    [Fact]
    public void Field_ProbeNotWrittenAtAll_ReportedAsMissing()
    {
        var probe = Lint.Text(All(Rich.Replace("      readinessProbe:", "      startupProbe:", StringComparison.Ordinal), SafeBudget)).Findings
            .Where(f => f.Rule == "k8s/readiness-probe").ShouldHaveSingleItem();

        probe.Message.ShouldBe("container app of Deployment default/web has no readiness probe: it gets traffic, and the rollout counts it available, as soon as it starts");
    }

    [Theory]
    [InlineData("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n  podManagementPolicy: Parallel\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers: [{name: db, image: db:1, readinesProbe: {exec: {command: [ready]}}}]\n  volumeClaimTemplates: [{metadata: {name: data}, spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}]\n",
        "StatefulSet", "spec.template.spec.containers[0].readinesProbe", "readinessProbe")]
    [InlineData("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers: [{name: db, image: db:1}]\n  volumeClaimTemplates: [{metadata: {name: data}, spec: {accesModes: [ReadWriteOnce]}}]\n",
        "StatefulSet", "spec.volumeClaimTemplates[0].spec.accesModes", "accessModes")]
    [InlineData("apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: agent}}\n  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailble: 1}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n      containers: [{name: agent, image: agent:1}]\n",
        "DaemonSet", "spec.updateStrategy.rollingUpdate.maxUnavailble", "maxUnavailable")]
    [InlineData("apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: rs}\nspec:\n  selector: {matchLabels: {app: rs}}\n  template:\n    metadata: {labels: {app: rs}}\n    spec:\n      containers: [{name: rs, image: rs:1}]\n      restartPolicyy: Always\n",
        "ReplicaSet", "spec.template.spec.restartPolicyy", "restartPolicy")]
    [InlineData("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  minAvaliable: 1\n  selector: {matchLabels: {app: web}}\n",
        "PodDisruptionBudget", "spec.minAvaliable", "minAvailable")]
    [InlineData("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplicas: 5\n  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilisation: 70}}}]\n",
        "HorizontalPodAutoscaler", "spec.metrics[0].resource.target.averageUtilisation", "averageUtilization")]
    [InlineData("apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 2\n  maxReplica: 5\n",
        "HorizontalPodAutoscaler", "spec.maxReplica", "maxReplicas")]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, tagretPort: http}]\n",
        "Service", "spec.ports[0].tagretPort", "targetPort")]
    [InlineData("apiVersion: app/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec:\n      containers: [{name: agent, image: agent:1, imagePullPolicyy: Always}]\n",
        "DaemonSet", "spec.template.spec.containers[0].imagePullPolicyy", "imagePullPolicy")]
    public void Field_NotInTheSchemaOfAnotherKind_Found(string manifest, string kind, string path, string meant)
    {
        var finding = Unknown(manifest).ShouldHaveSingleItem();

        finding.Message.ShouldContain($": {path} is not a field of a {kind}; did you mean {meant}?");
        finding.Evidence["field"].ShouldBe(path);
    }

    [Theory]
    [InlineData("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {anything: 1}\n")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {anything: x}\n")]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: LoadBalancer\n  selector: {app: web, any-key: any}\n  ports: [{name: http, port: 80, targetPort: 8080, protocol: TCP}]\n  externalTrafficPolicy: Local\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 60}}\n")]
    public void Field_OfAKindTheTableDoesNotHaveOrDeclared_LeftAlone(string manifest)
    {
        Unknown(Rich, manifest).ShouldBeEmpty();
    }

    [Fact]
    public void Field_InARemovedApiVersion_OnlyTheApiVersionFound()
    {
        // extensions/v1beta1 had rollbackTo; the object is found for its apiVersion, not for fields of a schema it is not in.
        var deployment = Rich.Replace("apiVersion: apps/v1", "apiVersion: extensions/v1beta1", StringComparison.Ordinal)
            .Replace("  minReadySeconds: 10", "  rollbackTo: {revision: 1}", StringComparison.Ordinal);

        var invalid = Lint.Text(All(deployment, SafeBudget)).Findings.Where(f => f.Rule == "k8s/invalid-manifest").ToList();

        invalid.ShouldHaveSingleItem().Evidence["field"].ShouldBe("apiVersion");
    }

    [Fact]
    public void Field_InARolloutsPodTemplate_FoundOnceAsARollouts()
    {
        var rollout = Rollout("web", 4, "- setWeight: 50\n- pause: {}").Replace("readinessProbe:", "readinesProbe:", StringComparison.Ordinal)
            .Replace("  minReadySeconds: 10", "  minReadySecond: 10", StringComparison.Ordinal);

        var found = Unknown(rollout);

        found.Select(f => f.Evidence["field"]).ShouldBe(["spec.minReadySecond", "spec.template.spec.containers[0].readinesProbe"], ignoreOrder: true);
        found.ShouldAllBe(f => f.Message.StartsWith("Rollout default/web: ", StringComparison.Ordinal) && f.Message.Contains(" is not a field of a Rollout; did you mean ", StringComparison.Ordinal));
    }
}
