using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;
using Tollgate.Kubernetes.Workloads;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>: an object that cannot be applied as written. The API server refuses an object
/// without <c>metadata.name</c> (nor <c>generateName</c>), an <c>apps/v1</c> Deployment or StatefulSet without
/// <c>spec.selector</c> or with an empty one, and a selector that does not select the workload's own pod template;
/// the Argo Rollouts controller refuses a Rollout the same way (<c>InvalidSpec</c>: it never rolls out). The API server
/// has no match either for a kind its API group does not have (<see cref="ApiKinds"/>: <c>apiVersion: v1</c> on a
/// Deployment, <c>kind: Deploymnet</c>, <c>kind: Rollouts</c>), which would otherwise be counted as an ignored object
/// and pass, nor for a kind in an API version Kubernetes no longer serves (<see cref="RemovedApi"/>: an
/// <c>extensions/v1beta1</c> Deployment, a <c>policy/v1beta1</c> PodDisruptionBudget). Those the other rules read as
/// their replacement reads them (an <c>apps/v1</c> Deployment, a <c>policy/v1</c> budget), as applied once the
/// <c>apiVersion</c> is fixed. An <c>apiVersion</c> that misspells a known group (<c>argoprj.io/v1alpha1</c>) or a
/// version Argo Rollouts does not serve (<c>argoproj.io/v1alpah1</c>) is found with the one meant, and a field the
/// object's schema does not declare with the field meant: Kubernetes' own for its kinds and the pod template
/// (<c>spec.template.spec.containers[0].readinessProbes</c>, <c>spec.minReadySecond</c>), Argo Rollouts' CRD for a
/// Rollout (<c>spec.strategy.canary.steps[0].setWieght</c>) and Flagger's for a Canary (<c>spec.analysis.stepWieght</c>)
/// (<see cref="ApiFields"/>, <see cref="SchemaFindings"/>): <c>kubectl apply</c> refuses it, and without validation
/// the API server drops it. Such a field is reported here once: the other rules read the object as meant
/// (<see cref="MeantFields"/>), so a misspelt probe is not also "no readiness probe". So are a field the schema
/// requires left unset (<c>spec.analysis</c> of a Canary, a container's <c>name</c>), a value outside those its schema
/// lists (Kubernetes' enums: <c>imagePullPolicy: always</c>, a Service's <c>type</c>, a port's <c>protocol</c>; a
/// CRD's: a Flagger webhook <c>type: pre-rolout</c>), a string where a field holds a number
/// (<c>minReadySeconds: "30"</c>), a string or a number where it holds a boolean (<c>hostNetwork: "true"</c>), a
/// number or a boolean where it holds a string (<c>value: 8080</c>, a label <c>version: 1.0</c> or <c>canary: yes</c>:
/// the text as written, quoted, is meant) and a quantity the API server cannot parse (<c>memory: 1GB</c>), each read
/// as the value meant where one is near. A Job or CronJob whose pods would restart always (<c>restartPolicy</c> unset or <c>Always</c>) is refused
/// too, and so are a Deployment, StatefulSet, DaemonSet, ReplicaSet or Rollout whose pods would not, and probes or
/// lifecycle hooks on an init container that is not a sidecar (<see cref="RestartPolicies"/>), a volume's file mode above 0777 (<see cref="FileModes"/>), an HPA's <c>minReplicas: 0</c> without the alpha <c>HPAScaleToZero</c> feature gate (<see cref="ScaleToZero"/>), a Rollout's canary step the Argo Rollouts controller refuses (<c>setWeight: 150</c>, <c>pause: {duration: -5}</c>, a step of both <c>setWeight</c> and <c>pause</c> or of neither, a route or a <c>setCanaryScale</c> without the traffic routing it needs: <see cref="CanarySteps"/>, <see cref="CanaryRoutes"/>, <see cref="StepAnalysisArgs"/>), a Rollout strategy it refuses (none, or both canary and blueGreen; one Service for both roles; a canary's <c>scaleDownDelaySeconds</c> or <c>dynamicStableScale</c> without <c>trafficRouting</c>: <see cref="RolloutStrategy"/>; traffic routed between two Services without both named, a <c>maxTrafficWeight</c> its router does not take: <see cref="CanaryTrafficRouting"/>; a <c>pingPong</c> it refuses: <see cref="PingPong"/>; an <c>antiAffinity</c> of neither or both kinds: <see cref="AntiAffinity"/>), a Rollout's or a Deployment's <c>progressDeadlineSeconds</c> below 0 or not above its <c>minReadySeconds</c> (<see cref="ProgressDeadline"/>) and <c>revisionHistoryLimit</c> below 0, and a blue-green <c>scaleDownDelayRevisionLimit</c> above it (<see cref="RevisionLimits"/>), and bytes that are not base64 where the API server takes base64 (<see cref="Base64Data"/>); bytes under <c>!!binary</c> that are not UTF-8 where it takes text are applied changed, a high finding (<see cref="BinaryText"/>). The other rules still lint such an object (from its template's labels, as <c>(unnamed)</c>), but <c>kubectl apply</c> would
/// fail on it, so the lint fails too instead of passing with a note.
/// </summary>
public sealed class InvalidManifestRule : IManifestRule
{
    public const string Id = "k8s/invalid-manifest";

    public RuleInfo Info { get; } = new(Id, Severity.Critical, "An object kubectl apply fails on: no metadata.name, a kind its apiVersion does not have or no longer serves, a field its schema (Kubernetes', a Rollout's or a Flagger Canary's CRD) does not declare (a misspelt readinessProbe or setWeight) or requires and lacks, a value its schema does not take (imagePullPolicy: always, a Flagger webhook type), a string where it takes a number (minReadySeconds: \"30\") or a boolean (hostNetwork: \"true\"), a number or a boolean where it takes a string (env value: 8080, a label version: 1.0 or canary: yes), a quantity the API server cannot parse (memory: 1GB), a workload without spec.selector, a selector that does not select its pod template, a Job whose pods restart always or a Deployment whose pods do not, a probe on an init container that is not a sidecar (restartPolicy: Always), a volume file mode above 0777 (defaultMode: 644), an HPA's minReplicas: 0 (refused unless the alpha HPAScaleToZero gate is on), a Rollout canary step the Argo Rollouts controller refuses (setWeight outside 0..100, a pause duration below 0 or unreadable, a step of two kinds or none, a setCanaryScale or route step without the traffic routing it needs), a Rollout strategy it refuses (none or both of canary and blueGreen, one Service as both canaryService and stableService or activeService and previewService, scaleDownDelaySeconds or dynamicStableScale without trafficRouting, trafficRouting through two Services without canaryService and stableService, maxTrafficWeight without NGINX or a plugin, a pingPong without ALB, Istio or a plugin or with an empty or shared ping or pong Service, an antiAffinity of neither or both kinds or a weight outside 1..100, a blue-green scaleDownDelayRevisionLimit above revisionHistoryLimit), a Rollout or Deployment progressDeadlineSeconds not above minReadySeconds or below 0, a revisionHistoryLimit below 0, or a Secret's data or a ConfigMap's binaryData that is not base64 or is written under !!binary; and, at high, bytes under !!binary in a ConfigMap's data or a Secret's stringData that are not UTF-8, which kubectl sends changed") { Pillar = ManifestRules.Pillar };

    public IEnumerable<Finding> Evaluate(ManifestSet set)
    {
        foreach (var o in set.Objects.Where(o => !IsNamed(o)))
        {
            yield return ManifestFinding.For(
                Info,
                o,
                $"{o} has no metadata.name (nor generateName), which the API server requires: kubectl apply refuses it as written",
                "metadata:\n  name: <name>  # lower-case letters, digits and '-', unique for its kind in the namespace",
                new Dictionary<string, object?> { ["field"] = "metadata.name", ["unset"] = "metadata.name", ["unsetWhy"] = "the API server requires a name" });
        }

        foreach (var o in set.Objects)
        {
            if (ApiKinds.Unmatched(o) is { } unmatched)
            {
                yield return ManifestFinding.For(
                    Info,
                    o,
                    $"{o}: {unmatched.Problem}",
                    unmatched.Suggestion,
                    unmatched.Removal is { } removal
                        ? new Dictionary<string, object?> { ["field"] = "apiVersion", ["apiVersion"] = o.ApiVersion, ["kind"] = o.Kind, ["removedIn"] = removal.RemovedIn, ["replacement"] = removal.Replacement }
                        : new Dictionary<string, object?> { ["field"] = "kind", ["apiVersion"] = o.ApiVersion, ["kind"] = o.Kind });
            }
        }

        var workloads = set.Declared.Select(w => w.Source).ToHashSet(ReferenceEqualityComparer.Instance);
        var budgets = set.Budgets.ToDictionary(b => (object)b.Source, ReferenceEqualityComparer.Instance);
        foreach (var o in set.Objects)
        {
            // A workload's missing spec.selector is reported below, with the selector its template's labels make; a Job
            // pod's restartPolicy the API server refuses for a Job (always, Always) likewise, once, and a Deployment's
            // (never, OnFailure) once, with where pods and containers may restart (RestartPolicies). In the order written.
            var restartFields = new[] { JobRestartProblem(o)?.Field, RestartPolicies.WorkloadPolicyField(o) };
            var findings = SchemaFindings.Unknown(Info, o)
                .Concat(SchemaFindings.Unset(Info, o, f => f.Path == "spec.selector" && workloads.Contains(o)))
                .Concat(SchemaFindings.Unsupported(Info, o, v => restartFields.Contains(v.Path)))
                .Concat(SchemaFindings.Malformed(Info, o))
                .Concat(RestartPolicies.Of(Info, o))
                .Concat(OsNodeSelector.Of(Info, o))
                .Concat(FileModes.Of(Info, o))
                .Concat(Base64Data.Of(Info, o))
                .Concat(BinaryText.Of(Info, o))
                .Concat(ScaleToZero.Of(Info, o))
                .Concat(ProgressDeadline.Of(Info, o))
                .Concat(UnusedRollingUpdate.Of(Info, o))
                .Concat(RevisionLimits.Of(Info, o))
                .Concat(RolloutStrategy.Of(Info, o))
                .Concat(WorkloadRefTemplate.Of(Info, o))
                .Concat(CanaryTrafficRouting.Of(Info, o))
                .Concat(PingPong.Of(Info, o))
                .Concat(AntiAffinity.Of(Info, o))
                .Concat(CanarySteps.Of(Info, o))
                .Concat(CanaryRoutes.Of(Info, o))
                .Concat(StepAnalysisArgs.Of(Info, o))
                .Concat(BudgetRefusals.Of(Info, budgets.GetValueOrDefault(o)))
                .Concat(ProbePorts.Of(Info, o))
                .Concat(InvalidNames.Of(Info, o))
                .OrderBy(f => f.Location?.Line ?? 0);
            foreach (var finding in findings)
            {
                yield return finding;
            }
        }

        foreach (var o in set.Objects)
        {
            if (JobRestartProblem(o) is { } restart)
            {
                var evidence = new Dictionary<string, object?> { ["field"] = restart.Field, ["restartPolicy"] = restart.Written };
                if (restart.Written is null)
                {
                    evidence["unset"] = restart.Field;
                    evidence["unsetWhy"] = "a pod defaults it to Always, which the API server refuses for a Job's pods";
                }

                yield return ManifestFinding.For(Info, o, restart.Message, restart.Suggestion, evidence);
            }
        }

        foreach (var workload in set.Declared)
        {
            if (SelectorProblem(workload) is { } problem)
            {
                var evidence = new Dictionary<string, object?>
                {
                    ["field"] = "spec.selector",
                    ["selector"] = workload.Selector.Text,
                    ["podLabels"] = ManifestFinding.Labels(workload.PodLabels),
                };
                if (Nodes.Get(workload.Source.Node, "spec.selector") is null)
                {
                    evidence["unset"] = "spec.selector";
                    evidence["unsetWhy"] = workload.Kind == "Rollout" ? "the Argo Rollouts controller requires it" : "apps/v1 requires it";
                }

                yield return ManifestFinding.For(Info, workload, problem.Message, problem.Suggestion, evidence);
            }
        }
    }

    /// <summary>
    /// A Job's pods must not restart always: the API server refuses a Job (and a CronJob's job template) whose pod
    /// template's <c>restartPolicy</c> is <c>Always</c> or unset, which a pod defaults to <c>Always</c> (<c>Unsupported
    /// value: "Always": supported values: "OnFailure", "Never"</c>). Null for other kinds and for a policy it takes.
    /// </summary>
    private static (string Message, string Suggestion, string Field, string? Written)? JobRestartProblem(KubeObject o)
    {
        var spec = (ApiKinds.GroupReadAs(o), o.Kind) switch
        {
            ("batch", "Job") => "spec.template.spec",
            ("batch", "CronJob") => "spec.jobTemplate.spec.template.spec",
            _ => null,
        };
        if (spec is null || Nodes.Get(o.Node, spec) is not JsonObject pod)
        {
            return null;
        }

        var meant = pod["restartPolicy"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        if (meant is "OnFailure" or "Never")
        {
            return null;
        }

        // Read as meant (a misspelt always as Always); the finding quotes what was written.
        var field = spec + ".restartPolicy";
        var written = o.Unsupported.FirstOrDefault(u => u.Path == field)?.Value ?? meant;
        var problem = written is null ? $"{field} is unset, which a pod defaults to Always" : $"{field} is {written}";
        return ($"{o}: {problem}, and a Job's pods must end: the API server refuses it (Unsupported value: \"{written ?? "Always"}\": supported values: \"OnFailure\", \"Never\")",
            ManifestFinding.Nested(spec, "restartPolicy: Never  # or OnFailure, to restart the failed container in the same pod"),
            field,
            written);
    }

    private static bool IsNamed(KubeObject o) => IsText(Nodes.Get(o.Node, "metadata.name")) || IsText(Nodes.Get(o.Node, "metadata.generateName"));

    private static bool IsText(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 0;

    private static (string Message, string Suggestion)? SelectorProblem(Workload workload)
    {
        var source = workload.Source;
        var isRollout = source.Kind == "Rollout";
        var refuser = isRollout ? "the Argo Rollouts controller refuses it (InvalidSpec) and never rolls it out" : "the API server refuses it as written";
        // apps/v1 requires the selector. The removed apps/v1beta1 and extensions/v1beta1 defaulted it from the template's
        // labels, but no cluster serves them now: such a workload is judged as its apps/v1 replacement, which must
        // carry one (k8s/invalid-manifest also reports its apiVersion). A Rollout takes it from its workloadRef's Deployment.
        var required = !isRollout || Nodes.Get(source.Node, "spec.workloadRef") is null;
        var requirer = isRollout ? source.ApiVersion : "apps/v1";
        var written = Nodes.Get(source.Node, "spec.selector");
        if (written is null)
        {
            return required
                ? ($"{workload} has no spec.selector, which {requirer} requires: {refuser}", SelectorFor(workload))
                : null;
        }

        if (workload.Selector.IsEmpty)
        {
            return required
                ? ($"{workload} has an empty spec.selector, which would select every pod of the namespace: {refuser}", SelectorFor(workload))
                : null;
        }

        if (workload.Template is null || workload.Selector.Matches(workload.PodLabels))
        {
            return null;
        }

        return ($"{workload}: spec.selector ({workload.Selector}) does not select its own pod template ({ManifestFinding.Labels(workload.PodLabels)}): {refuser}",
            workload.MatchLabels.Count > 0
                ? Labelled("# label the pod template as the selector selects (a selector cannot be changed once applied)", workload.MatchLabels)
                : $"# label the pod template so that spec.selector ({workload.Selector}) selects it");
    }

    /// <summary>A selector of the template's labels, or labels and a selector both when the template has none.</summary>
    private static string SelectorFor(Workload workload)
    {
        if (workload.PodLabels.Count == 0)
        {
            return $"spec:\n  selector:\n    matchLabels:\n      app: {workload.Name}\n  template:\n    metadata:\n      labels:\n        app: {workload.Name}";
        }

        var yaml = new StringBuilder("spec:\n  selector:\n    matchLabels:\n");
        foreach (var (key, value) in workload.PodLabels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            yaml.Append("      ").Append(key).Append(": ").Append(value).Append('\n');
        }

        return yaml.ToString().TrimEnd();
    }

    private static string Labelled(string comment, IReadOnlyDictionary<string, string> labels)
    {
        var yaml = new StringBuilder(comment).Append('\n');
        yaml.Append("spec:\n  template:\n    metadata:\n      labels:\n");
        foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            yaml.Append("        ").Append(key).Append(": ").Append(value).Append('\n');
        }

        return yaml.ToString().TrimEnd();
    }
}
