namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// The kinds of the API groups whose every kind the lint knows: the core group, <c>apps</c>, <c>policy</c>,
/// <c>autoscaling</c>, <c>batch</c>, Flagger's <c>flagger.app</c> and <c>argoproj.io</c> (below). A kind outside its
/// group's list is one the API server has no match for (<c>kubectl apply</c>: "no matches for kind"), e.g.
/// <c>apiVersion: v1</c> on a Deployment or a typo in <c>kind</c>; so is a kind in an API version Kubernetes no longer serves
/// (<see cref="RemovedApi"/>). Other groups (custom resources) are not judged.
/// </summary>
public static class ApiKinds
{
    private const string Argo = "argoproj.io";
    private const string Flagger = "flagger.app";
    private const string NoMatch = ": kubectl apply finds no such kind (no matches for kind), and no rule reads it";

    private static readonly Dictionary<string, string[]> ByGroup = new(StringComparer.Ordinal)
    {
        [""] = ["Binding", "ComponentStatus", "ConfigMap", "Endpoints", "Event", "LimitRange", "Namespace", "Node", "PersistentVolume", "PersistentVolumeClaim", "Pod", "PodTemplate", "ReplicationController", "ResourceQuota", "Secret", "Service", "ServiceAccount"],
        ["apps"] = ["ControllerRevision", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"],
        ["policy"] = ["Eviction", "PodDisruptionBudget", "PodSecurityPolicy"],
        ["autoscaling"] = ["HorizontalPodAutoscaler", "Scale"],
        ["batch"] = ["CronJob", "Job"],
        [Flagger] = ["AlertProvider", "Canary", "MetricTemplate"],

        // The CRDs each project installs (manifests/crds, manifests/base/crds, config/crd/bases): Argo Rollouts, Argo CD,
        // Argo Workflows, Argo Events, and the argoproj-labs operators that install them (argocd-operator,
        // argo-rollouts-manager).
        [Argo] =
        [
            "Rollout", "AnalysisTemplate", "ClusterAnalysisTemplate", "AnalysisRun", "Experiment",
            "Application", "ApplicationSet", "AppProject",
            "Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate", "CronWorkflow", "WorkflowTaskSet", "WorkflowTaskResult", "WorkflowEventBinding", "WorkflowArtifactGCTask",
            "EventSource", "Sensor", "EventBus",
            "ArgoCD", "ArgoCDExport", "NamespaceManagement", "NotificationsConfiguration", "RolloutManager",
        ],
    };

    /// <summary>
    /// The one API version each kind of a project's CRDs is served in, where the lint knows every one: Argo Rollouts'
    /// (https://github.com/argoproj/argo-rollouts/tree/master/manifests/crds: rollout, analysis-template,
    /// cluster-analysis-template, analysis-run and experiment, each <c>v1alpha1</c> only; the other projects' kinds in
    /// <c>argoproj.io</c> are left to their own versions) and Flagger's (artifacts/flagger/crd.yaml: Canary,
    /// MetricTemplate and AlertProvider, each <c>v1beta1</c> only).
    /// </summary>
    private static readonly Dictionary<(string Group, string Kind), string> ServedOnly = new()
    {
        [(Argo, "Rollout")] = "v1alpha1",
        [(Argo, "AnalysisTemplate")] = "v1alpha1",
        [(Argo, "ClusterAnalysisTemplate")] = "v1alpha1",
        [(Argo, "AnalysisRun")] = "v1alpha1",
        [(Argo, "Experiment")] = "v1alpha1",
        [(Flagger, "Canary")] = "v1beta1",
        [(Flagger, "MetricTemplate")] = "v1beta1",
        [(Flagger, "AlertProvider")] = "v1beta1",
    };

    /// <summary>
    /// The Canary versions Flagger served before <c>v1beta1</c>, and the release whose CRD stopped serving each: 1.0.0
    /// served <c>v1beta1</c> and <c>v1alpha3</c> only, 1.6.0 (its CRD moved to <c>apiextensions.k8s.io/v1</c>)
    /// <c>v1beta1</c> only (https://github.com/fluxcd/flagger/commit/448c2103242a000d6dd0d39305d8445a22cbe688,
    /// https://github.com/fluxcd/flagger/commit/b6880213cec7a36ddf9cbd18c9a1c843e6d1330f).
    /// </summary>
    private static readonly Dictionary<string, string> FormerCanaryVersions = new(StringComparer.Ordinal)
    {
        ["v1alpha1"] = "1.0.0",
        ["v1alpha2"] = "1.0.0",
        ["v1alpha3"] = "1.6.0",
    };

    /// <summary>The API versions the kinds the lint reads are written in today, for "did you mean".</summary>
    private static readonly Dictionary<string, string> Current = new(StringComparer.Ordinal)
    {
        ["Deployment"] = "apps/v1",
        ["StatefulSet"] = "apps/v1",
        ["DaemonSet"] = "apps/v1",
        ["PodDisruptionBudget"] = "policy/v1",
        ["HorizontalPodAutoscaler"] = "autoscaling/v2",
        ["Job"] = "batch/v1",
        ["CronJob"] = "batch/v1",
        ["Rollout"] = "argoproj.io/v1alpha1",
        ["Canary"] = "flagger.app/v1beta1",
    };

    /// <summary>
    /// Why <paramref name="o"/>'s kind has no match in its API version and the <c>apiVersion</c>/<c>kind</c> probably meant;
    /// null when it has one, or the group is not one whose kinds are known.
    /// </summary>
    /// <remarks>
    /// <c>argoproj.io</c> is open: any argoproj-labs project may add a kind to it, and passing one of those as unknown
    /// would fail a manifest <c>kubectl apply</c> takes. So there only a near miss of a known kind (<c>Rollouts</c>,
    /// <c>Rolout</c>) or a kind of another group (<c>Deployment</c>) is reported; a kind far from every known one is
    /// left alone.
    /// </remarks>
    public static (string Problem, string Suggestion, RemovedApi? Removal)? Unmatched(KubeObject o)
    {
        if (RemovedApi.Find(o.ApiVersion, o.Kind) is { } removed)
        {
            return (removed.Problem, removed.Suggestion, removed);
        }

        if (Misspelt(o) is { } intended)
        {
            var version = o.ApiVersion[(o.ApiVersion.IndexOf('/') + 1)..];
            if (o.Group == Flagger && o.Kind == "Canary" && FormerCanaryVersions.TryGetValue(version, out var stopped))
            {
                return ($"{o.ApiVersion} has no kind {o.Kind} ({Flagger} serves {o.Kind} in {intended.Version} only: Flagger {stopped} stopped serving {version}, whose spec.canaryAnalysis is spec.analysis in {intended.Version}): kubectl apply finds no such kind (no matches for kind \"{o.Kind}\" in version \"{o.ApiVersion}\"); linted as {intended.ApiVersion}",
                    $"# Flagger's upgrade guide: write apiVersion {intended.ApiVersion} and rename spec.canaryAnalysis to spec.analysis\napiVersion: {intended.ApiVersion}\nkind: {o.Kind}", null);
            }

            var what = intended.Group != o.Group ? $"there is no API group {o.Group}" : $"{o.Group} serves {o.Kind} in {intended.Version} only";
            return ($"{o.ApiVersion} has no kind {o.Kind} ({what}); did you mean {intended.ApiVersion}?: kubectl apply finds no such kind (no matches for kind \"{o.Kind}\" in version \"{o.ApiVersion}\"); linted as {intended.ApiVersion}",
                $"apiVersion: {intended.ApiVersion}\nkind: {o.Kind}", null);
        }

        if (!ByGroup.TryGetValue(o.Group, out var kinds) || kinds.Contains(o.Kind, StringComparer.Ordinal) || o.Kind.EndsWith("List", StringComparison.Ordinal))
        {
            return null;
        }

        var group = o.Group.Length == 0 ? "the core group" : o.Group;
        if (Current.TryGetValue(o.Kind, out var apiVersion))
        {
            return ($"{o.ApiVersion} has no kind {o.Kind}: a {o.Kind} is apiVersion {apiVersion}{NoMatch}", $"apiVersion: {apiVersion}\nkind: {o.Kind}", null);
        }

        if (Yaml.KeySuggestion.For(o.Kind, kinds) is { } near)
        {
            // A near miss in a version no longer served: suggest the version that serves the kind meant.
            var meant = RemovedApi.Find(o.ApiVersion, near)?.Replacement ?? o.ApiVersion;
            return ($"{o.ApiVersion} has no kind {o.Kind}; did you mean {near}?{NoMatch}", $"apiVersion: {meant}\nkind: {near}", null);
        }

        return o.Group == Argo ? null : ($"{o.ApiVersion} has no kind {o.Kind}{NoMatch}", $"# the kinds of {group}: {string.Join(", ", kinds)}", null);
    }

    /// <summary>
    /// The API group the rules read <paramref name="o"/> in: its own, or the known group its <c>apiVersion</c>
    /// misspells (<c>argoprj.io</c> is read as <c>argoproj.io</c>), as it is applied once that is fixed.
    /// </summary>
    public static string GroupReadAs(KubeObject o) => Misspelt(o)?.Group ?? o.Group;

    /// <summary>The <c>apiVersion</c> the rules read <paramref name="o"/> in: its own, or the one it misspells (<see cref="GroupReadAs"/>).</summary>
    public static string ApiVersionReadAs(KubeObject o) => Misspelt(o)?.ApiVersion ?? o.ApiVersion;

    /// <summary>
    /// The <c>apiVersion</c> meant when <paramref name="o"/>'s names a group it is not in but whose kinds include its
    /// kind, a typo or two away (<c>argoprj.io/v1alpha1</c>, <c>app/v1</c>), or a version Argo Rollouts or Flagger does
    /// not serve its kind in (<c>argoproj.io/v1alpah1</c>, <c>flagger.app/v1alpha3</c>); null otherwise.
    /// </summary>
    private static (string Group, string Version, string ApiVersion)? Misspelt(KubeObject o)
    {
        var slash = o.ApiVersion.IndexOf('/');
        var version = slash < 0 ? o.ApiVersion : o.ApiVersion[(slash + 1)..];
        if (slash > 0 && !ByGroup.ContainsKey(o.Group)
            && Yaml.KeySuggestion.For(o.Group, ByGroup.Where(g => g.Key.Length > 0 && g.Value.Contains(o.Kind, StringComparer.Ordinal)).Select(g => g.Key)) is { } group)
        {
            var served = ServedOnly.TryGetValue((group, o.Kind), out var v) ? v
                : Current.TryGetValue(o.Kind, out var current) && current.StartsWith(group + "/", StringComparison.Ordinal) ? current[(group.Length + 1)..]
                : version;
            return (group, served, $"{group}/{served}");
        }

        return slash > 0 && ServedOnly.TryGetValue((o.Group, o.Kind), out var only) && version != only
            ? (o.Group, only, $"{o.Group}/{only}")
            : null;
    }
}
