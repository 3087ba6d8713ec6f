namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// An API version a kind is no longer served in, after the Kubernetes Deprecated API Migration Guide
/// (https://kubernetes.io/docs/reference/using-api/deprecation-guide/): the release that removed it, the
/// <c>apiVersion</c> that replaces it (null when none does) and, where the schema changed in a way users trip over,
/// one short hint. A current cluster answers <c>no matches for kind "K" in version "V"</c>.
/// </summary>
public sealed record RemovedApi(string ApiVersion, string Kind, string RemovedIn, string? Replacement, string? Hint = null)
{
    private const string AppsV1 = "apps/v1";
    private const string SelectorRequired = "apps/v1 requires spec.selector (the template's labels), immutable once applied";
    private const string IngressChange = "networking.k8s.io/v1 writes a backend's serviceName/servicePort as service: {name, port: {number}} and requires each path's pathType";
    private const string FlowControlV1 = "flowcontrol.apiserver.k8s.io/v1";

    private static readonly RemovedApi[] All =
    [
        // v1.16
        new("extensions/v1beta1", "Deployment", "1.16", AppsV1, SelectorRequired + "; maxSurge and maxUnavailable default to 25% (1 in extensions/v1beta1)"),
        new("apps/v1beta1", "Deployment", "1.16", AppsV1, SelectorRequired),
        new("apps/v1beta2", "Deployment", "1.16", AppsV1),
        new("apps/v1beta1", "StatefulSet", "1.16", AppsV1, SelectorRequired + "; updateStrategy defaults to RollingUpdate (OnDelete in apps/v1beta1)"),
        new("apps/v1beta2", "StatefulSet", "1.16", AppsV1),
        new("extensions/v1beta1", "DaemonSet", "1.16", AppsV1, SelectorRequired + "; updateStrategy defaults to RollingUpdate (OnDelete in extensions/v1beta1)"),
        new("apps/v1beta2", "DaemonSet", "1.16", AppsV1),
        new("extensions/v1beta1", "ReplicaSet", "1.16", AppsV1, SelectorRequired),
        new("apps/v1beta1", "ReplicaSet", "1.16", AppsV1, SelectorRequired),
        new("apps/v1beta2", "ReplicaSet", "1.16", AppsV1),
        new("extensions/v1beta1", "NetworkPolicy", "1.16", "networking.k8s.io/v1"),

        // v1.22
        new("extensions/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1", IngressChange),
        new("networking.k8s.io/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1", IngressChange),
        new("networking.k8s.io/v1beta1", "IngressClass", "1.22", "networking.k8s.io/v1"),
        new("admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration", "1.22", "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1 requires webhooks[*].sideEffects and admissionReviewVersions"),
        new("admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration", "1.22", "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1 requires webhooks[*].sideEffects and admissionReviewVersions"),
        new("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", "1.22", "apiextensions.k8s.io/v1", "apiextensions.k8s.io/v1 requires spec.scope and a structural spec.versions[*].schema.openAPIV3Schema"),
        new("apiregistration.k8s.io/v1beta1", "APIService", "1.22", "apiregistration.k8s.io/v1"),
        new("certificates.k8s.io/v1beta1", "CertificateSigningRequest", "1.22", "certificates.k8s.io/v1", "certificates.k8s.io/v1 requires spec.signerName and spec.usages"),
        new("coordination.k8s.io/v1beta1", "Lease", "1.22", "coordination.k8s.io/v1"),
        new("rbac.authorization.k8s.io/v1beta1", "ClusterRole", "1.22", "rbac.authorization.k8s.io/v1"),
        new("rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding", "1.22", "rbac.authorization.k8s.io/v1"),
        new("rbac.authorization.k8s.io/v1beta1", "Role", "1.22", "rbac.authorization.k8s.io/v1"),
        new("rbac.authorization.k8s.io/v1beta1", "RoleBinding", "1.22", "rbac.authorization.k8s.io/v1"),
        new("scheduling.k8s.io/v1beta1", "PriorityClass", "1.22", "scheduling.k8s.io/v1"),
        new("storage.k8s.io/v1beta1", "CSIDriver", "1.22", "storage.k8s.io/v1"),
        new("storage.k8s.io/v1beta1", "CSINode", "1.22", "storage.k8s.io/v1"),
        new("storage.k8s.io/v1beta1", "StorageClass", "1.22", "storage.k8s.io/v1"),
        new("storage.k8s.io/v1beta1", "VolumeAttachment", "1.22", "storage.k8s.io/v1"),

        // v1.25
        new("batch/v1beta1", "CronJob", "1.25", "batch/v1"),
        new("discovery.k8s.io/v1beta1", "EndpointSlice", "1.25", "discovery.k8s.io/v1"),
        new("events.k8s.io/v1beta1", "Event", "1.25", "events.k8s.io/v1"),
        new("autoscaling/v2beta1", "HorizontalPodAutoscaler", "1.25", "autoscaling/v2", "autoscaling/v2 writes a metric's targetAverageUtilization: N as target: {type: Utilization, averageUtilization: N}"),
        new("policy/v1beta1", "PodDisruptionBudget", "1.25", "policy/v1", "policy/v1: an empty spec.selector ({}) selects every pod of the namespace (none in policy/v1beta1)"),
        new("policy/v1beta1", "PodSecurityPolicy", "1.25", null, "PodSecurityPolicy has no replacement: Pod Security Admission (namespace labels) or an admission webhook enforces pod security now"),
        new("node.k8s.io/v1beta1", "RuntimeClass", "1.25", "node.k8s.io/v1"),

        // v1.26 and later
        new("autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.26", "autoscaling/v2"),
        new("flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema", "1.26", FlowControlV1),
        new("flowcontrol.apiserver.k8s.io/v1beta1", "PriorityLevelConfiguration", "1.26", FlowControlV1),
        new("storage.k8s.io/v1beta1", "CSIStorageCapacity", "1.27", "storage.k8s.io/v1"),
        new("flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema", "1.29", FlowControlV1),
        new("flowcontrol.apiserver.k8s.io/v1beta2", "PriorityLevelConfiguration", "1.29", FlowControlV1),
        new("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", "1.32", FlowControlV1),
        new("flowcontrol.apiserver.k8s.io/v1beta3", "PriorityLevelConfiguration", "1.32", FlowControlV1),
    ];

    /// <summary>The removal of <paramref name="kind"/> from <paramref name="apiVersion"/>, or null when that version still serves it.</summary>
    public static RemovedApi? Find(string apiVersion, string kind) =>
        All.FirstOrDefault(r => r.ApiVersion == apiVersion && r.Kind == kind);

    /// <summary>What <c>kubectl apply</c> and a reader are told: <c>extensions/v1beta1 Deployment was removed in Kubernetes 1.16 (…): a Deployment is apiVersion apps/v1</c>.</summary>
    public string Problem =>
        $"{ApiVersion} {Kind} was removed in Kubernetes {RemovedIn} (kubectl apply: no matches for kind \"{Kind}\" in version \"{ApiVersion}\")"
        + (Replacement is null ? "" : $": a {Kind} is apiVersion {Replacement}");

    /// <summary>The <c>apiVersion</c> to write, with the hint as a comment.</summary>
    public string Suggestion =>
        string.Join("\n", new[] { Hint is null ? null : "# " + Hint, Replacement is null ? null : $"apiVersion: {Replacement}\nkind: {Kind}" }.OfType<string>());
}
