using k8s.Models;
using Tollgate.Domain;
using Tollgate.Kubernetes.Objects;
using Tollgate.Kubernetes.Selectors;
using Tollgate.Yaml;

namespace Tollgate.Kubernetes.Workloads;

/// <summary>
/// The objects the rollout-safety rules read, linked: Rollouts to the Deployment their <c>workloadRef</c> names,
/// Flagger Canaries to their target and the <c>-primary</c> workload Flagger derives from it, HPAs to what they
/// scale. Objects of other kinds are counted, documents that are not manifests are noted.
/// </summary>
public sealed class ManifestSet
{
    /// <summary>The selector labels Flagger renames for the primary, in the order it looks for them (its default <c>-selector-labels</c>).</summary>
    private static readonly string[] FlaggerSelectorLabels = ["app", "name", "app.kubernetes.io/name"];

    public IReadOnlyList<KubeObject> Objects { get; private init; } = [];

    /// <summary>Deployments, StatefulSets, Rollouts and the Flagger primaries derived from Canary targets.</summary>
    public IReadOnlyList<Workload> Workloads { get; private init; } = [];

    public IReadOnlyList<DisruptionBudget> Budgets { get; private init; } = [];

    public IReadOnlyList<Autoscaler> Autoscalers { get; private init; } = [];

    public IReadOnlyList<FlaggerCanary> Canaries { get; private init; } = [];

    public IReadOnlyList<string> Notes { get; private init; } = [];

    /// <summary>
    /// <c>batch</c> Jobs and CronJobs: nothing in them rolls out, but the lint judges them (their fields, and pods that
    /// must end), so inputs of only these are a complete answer rather than nothing to judge.
    /// </summary>
    public IReadOnlyList<KubeObject> Jobs { get; private init; } = [];

    /// <summary>Objects of kinds no rule reads (Services, ConfigMaps, Pods, …).</summary>
    public int Ignored { get; private init; }

    public static ManifestSet From(IReadOnlyList<KubeObject> objects, IEnumerable<string> notes)
    {
        var allNotes = notes.ToList();
        var workloads = new List<Workload>();
        var budgets = new List<DisruptionBudget>();
        var autoscalers = new List<Autoscaler>();
        var canaries = new List<FlaggerCanary>();
        var jobs = new List<KubeObject>();
        var ignored = 0;
        foreach (var o in objects)
        {
            switch ((ApiKinds.GroupReadAs(o), o.Kind))
            {
                case ("apps" or "extensions", "Deployment"):
                    workloads.Add(WorkloadReader.Deployment(o));
                    break;
                case ("apps", "StatefulSet"):
                    workloads.Add(WorkloadReader.StatefulSet(o));
                    break;
                case ("argoproj.io", "Rollout"):
                    workloads.Add(WorkloadReader.Rollout(o));
                    break;
                case ("flagger.app", "Canary"):
                    canaries.Add(ReadCanary(o));
                    break;
                case ("policy", "PodDisruptionBudget"):
                    budgets.Add(ReadBudget(o));
                    break;
                case ("autoscaling", "HorizontalPodAutoscaler"):
                    autoscalers.Add(ReadAutoscaler(o));
                    break;
                case ("batch", "Job" or "CronJob"):
                    jobs.Add(o);
                    break;
                default:
                    ignored++;
                    break;
            }
        }

        NoteDuplicates(objects, allNotes);
        NoteGeneratedNames(objects, allNotes);
        ResolveWorkloadRefs(workloads, allNotes);
        LinkFlagger(workloads, canaries, allNotes);
        var set = new ManifestSet
        {
            Objects = objects,
            Workloads = workloads,
            Budgets = budgets,
            Autoscalers = autoscalers,
            Canaries = canaries,
            Jobs = jobs,
            Notes = allNotes,
            Ignored = ignored,
        };
        set.NoteUnlinkedAutoscalers(allNotes);
        return set;
    }

    // One object defined more than once (two charts, a base and an overlay both rendered): kubectl apply keeps the
    // last, so what the cluster runs is not what the first says. Each is still linted as written.
    private static void NoteDuplicates(IReadOnlyList<KubeObject> objects, List<string> notes)
    {
        foreach (var same in objects.Where(o => o.Name.Length > 0).GroupBy(o => (o.Group, o.Kind, o.Namespace, o.Name)).Where(g => g.Count() > 1))
        {
            var first = same.First();
            notes.Add($"{first.Location}: {first} is defined {same.Count()} times ({string.Join(", ", same.Select(o => o.Location))}): kubectl apply keeps the last, so the cluster runs only that one; each is linted as written");
        }
    }

    /// <summary>
    /// An object named by <c>metadata.generateName</c> alone: <c>kubectl create</c> names it (the prefix and 5
    /// random characters), but <c>kubectl apply</c> refuses it ("cannot use generate name with apply": apply finds an
    /// object by its name). It is linted as written, as <c>kubectl create</c> would make it.
    /// </summary>
    private static void NoteGeneratedNames(IReadOnlyList<KubeObject> objects, List<string> notes)
    {
        foreach (var o in objects.Where(o => o.Name.EndsWith('*') && Nodes.Text(Nodes.Get(o.Node, "metadata.name")) is not { Length: > 0 }))
        {
            notes.Add($"{o.Location}: {o} has metadata.generateName and no name: kubectl create names it, kubectl apply refuses it (cannot use generate name with apply); give it a metadata.name to apply it");
        }
    }

    private BudgetIndex? _budgetIndex;
    private Dictionary<(string Kind, string Name, string Namespace), Autoscaler>? _autoscalerIndex;
    private Dictionary<(string Namespace, string Name), Autoscaler>? _autoscalersByName;

    /// <summary>The budgets the API server takes that select <paramref name="workload"/>'s pods, in the order of the inputs.</summary>
    public IReadOnlyList<DisruptionBudget> BudgetsOf(Workload workload) => BudgetIndex.Of(workload);

    /// <summary>The workloads whose pods <paramref name="budget"/> selects (none when the API server refuses it), in the order of the inputs.</summary>
    public IReadOnlyList<Workload> CoveredBy(DisruptionBudget budget) => BudgetIndex.CoveredBy(budget);

    /// <summary>The budgets the API server takes (<see cref="DisruptionBudget.Refused"/> is false), in the order of the inputs: the only ones that select pods.</summary>
    public IEnumerable<DisruptionBudget> Applied => Budgets.Where(b => !b.Refused);

    /// <summary>How many budget selectors were matched against workloads' pod labels to link them (<see cref="BudgetIndex.Matched"/>).</summary>
    internal int BudgetMatches => BudgetIndex.Matched;

    private BudgetIndex BudgetIndex => _budgetIndex ??= new BudgetIndex(Workloads, Applied);

    /// <summary>The HPA that scales <paramref name="workload"/>: one targeting it, or for a Flagger primary the clone of the Canary's <c>autoscalerRef</c>.</summary>
    public Autoscaler? AutoscalerOf(Workload workload) =>
        workload.IsFlaggerPrimary
            ? workload.Flagger?.AutoscalerName is { } name ? AutoscalerNamed(workload.Namespace, name) : null
            : AutoscalerTargeting(workload.Kind, workload.Name, workload.Namespace);

    /// <summary>The first HPA of the inputs whose <c>scaleTargetRef</c> names <paramref name="kind"/> <paramref name="name"/> in <paramref name="space"/>, by lookup.</summary>
    public Autoscaler? AutoscalerTargeting(string kind, string name, string space)
    {
        if (_autoscalerIndex is null)
        {
            _autoscalerIndex = [];
            foreach (var hpa in Autoscalers)
            {
                _autoscalerIndex.TryAdd((hpa.TargetKind, hpa.TargetName, hpa.Source.Namespace), hpa);
            }
        }

        return _autoscalerIndex.GetValueOrDefault((kind, name, space));
    }

    /// <summary>The first HPA of the inputs named <paramref name="name"/> in <paramref name="space"/> (a Flagger <c>autoscalerRef</c>), by lookup.</summary>
    public Autoscaler? AutoscalerNamed(string space, string name)
    {
        if (_autoscalersByName is null)
        {
            _autoscalersByName = [];
            foreach (var hpa in Autoscalers)
            {
                _autoscalersByName.TryAdd((hpa.Source.Namespace, hpa.Source.Name), hpa);
            }
        }

        return _autoscalersByName.GetValueOrDefault((space, name));
    }

    /// <summary>The fewest pods the workload runs: the HPA's <c>minReplicas</c> when one scales it, else its replicas.</summary>
    public int FewestPods(Workload workload) => AutoscalerOf(workload)?.MinReplicas ?? workload.DeclaredReplicas;

    /// <summary>Workloads whose pods serve between rollouts: all but a Flagger target, whose pods Flagger scales to zero.</summary>
    public IEnumerable<Workload> Serving => Workloads.Where(IsServing);

    public bool IsServing(Workload workload) => workload.Flagger is null || workload.IsFlaggerPrimary;

    /// <summary>Workloads as declared in the inputs (no derived primaries).</summary>
    public IEnumerable<Workload> Declared => Workloads.Where(w => !w.IsFlaggerPrimary);

    private static void ResolveWorkloadRefs(List<Workload> workloads, List<string> notes)
    {
        for (var i = 0; i < workloads.Count; i++)
        {
            var w = workloads[i];
            // A Rollout with its own template beside the workloadRef is refused by Argo Rollouts (k8s/invalid-manifest):
            // it is read as meant, with the referenced Deployment's template, never its own.
            if (w.Kind != "Rollout" || Nodes.Get(w.Source.Node, "spec.workloadRef") is not { } reference)
            {
                continue;
            }

            var name = Nodes.Text(w.Source, reference, "name");
            var target = workloads.FirstOrDefault(d => d.Kind == "Deployment" && d.Name == name && d.Namespace == w.Namespace);
            if (target is null)
            {
                notes.Add($"{w.Location}: {w} takes its pods from Deployment {w.Namespace}/{name} (workloadRef), which is not in the inputs: its pod template is not checked");
                workloads[i] = w with { Template = null };
                continue;
            }

            workloads[i] = w with
            {
                Template = target.Template,
                TemplateSource = target.Source,
                Selector = w.Selector.IsEmpty ? target.Selector : w.Selector,
                MatchLabels = w.MatchLabels.Count == 0 ? target.MatchLabels : w.MatchLabels,
                MinReadySeconds = w.MinReadySeconds ?? target.MinReadySeconds,
            };
        }
    }

    private static void LinkFlagger(List<Workload> workloads, List<FlaggerCanary> canaries, List<string> notes)
    {
        foreach (var canary in canaries.Where(c => c.TargetKind.Length > 0 && c.TargetName.Length > 0))
        {
            var index = workloads.FindIndex(w => w.Kind == canary.TargetKind && w.Name == canary.TargetName && w.Namespace == canary.Source.Namespace);
            if (index < 0)
            {
                notes.Add($"{canary.Source.Location}: {canary} targets {canary.TargetKind} {canary.Source.Namespace}/{canary.TargetName}, which is not in the inputs: its primary is not checked");
                continue;
            }

            var target = workloads[index] with { Flagger = canary };
            workloads[index] = target;
            var key = FlaggerSelectorLabels.FirstOrDefault(target.MatchLabels.ContainsKey);
            if (key is null || target.Template is null)
            {
                notes.Add($"{canary.Source.Location}: {target} has none of the selector labels Flagger renames for its primary ({string.Join(", ", FlaggerSelectorLabels)}); Flagger refuses such a target");
                continue;
            }

            var labels = new Dictionary<string, string>(target.PodLabels) { [key] = target.MatchLabels[key] + "-primary" };
            workloads.Add(target with
            {
                Name = target.Name + "-primary",
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = labels }, Spec = target.Template.Spec },
                MatchLabels = new Dictionary<string, string> { [key] = labels[key] },
                IsFlaggerPrimary = true,
                Location = canary.Source.Location,
            });
        }
    }

    /// <summary>
    /// An HPA whose <c>scaleTargetRef</c> names no workload of the inputs, or a Flagger <c>autoscalerRef</c> that names
    /// no HPA of the inputs, is linked to nothing, so no rule reads its <c>minReplicas</c> or pace: said, with the
    /// workload it probably means when a name of the same kind and namespace is one typo away.
    /// </summary>
    private void NoteUnlinkedAutoscalers(List<string> notes)
    {
        var targets = Workloads.Where(w => !w.IsFlaggerPrimary).Select(w => (w.Kind, w.Name, w.Namespace)).ToHashSet();
        foreach (var hpa in Autoscalers.Where(a => !targets.Contains((a.TargetKind, a.TargetName, a.Source.Namespace))))
        {
            if (hpa.TargetKind.Length == 0 || hpa.TargetName.Length == 0)
            {
                notes.Add($"{hpa.Source.Location}: {hpa} has no spec.scaleTargetRef kind and name, which the API server requires: it scales nothing");
                continue;
            }

            var near = KeySuggestion.For(hpa.TargetName, [.. Workloads.Where(w => !w.IsFlaggerPrimary && w.Kind == hpa.TargetKind && w.Namespace == hpa.Source.Namespace).Select(w => w.Name)]);
            notes.Add($"{hpa.Source.Location}: {hpa} scales {hpa.TargetKind} {hpa.Source.Namespace}/{hpa.TargetName}, which is not in the inputs: its minReplicas and scale-up pace are not checked against a rollout"
                + (near is null ? "" : $"; did you mean {hpa.TargetKind} {hpa.Source.Namespace}/{near}?"));
        }

        foreach (var canary in Canaries.Where(c => c.AutoscalerName is { } name && AutoscalerNamed(c.Source.Namespace, name) is null))
        {
            notes.Add($"{canary.Source.Location}: {canary} names HorizontalPodAutoscaler {canary.Source.Namespace}/{canary.AutoscalerName} in spec.autoscalerRef, which is not in the inputs: the primary's autoscaling is not checked");
        }
    }

    private static FlaggerCanary ReadCanary(KubeObject o)
    {
        var spec = Nodes.Mapping(o, o.Node, "spec");
        // Without a targetRef kind and name (which the CRD requires: k8s/invalid-manifest says so) it targets nothing.
        var kind = Nodes.Text(o, spec, "targetRef.kind") ?? "";
        var name = Nodes.Text(o, spec, "targetRef.name") ?? "";

        var analysis = Nodes.Mapping(o, spec, "analysis") ?? Nodes.Mapping(o, spec, "canaryAnalysis");
        var weights = new List<int>();
        if (Nodes.Sequence(o, analysis, "stepWeights") is { } list)
        {
            foreach (var item in list)
            {
                weights.Add(item is System.Text.Json.Nodes.JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number && Nodes.AsDouble(v) is var w && w == Math.Floor(w) && w is >= 0 and <= 100
                    ? (int)w
                    : throw Nodes.Wrong(o, item, "spec.analysis.stepWeights", "a list of percentages (0 to 100)"));
            }
        }
        else if (Nodes.Number(o, analysis, "stepWeight") is { } step && step > 0)
        {
            var max = Nodes.Number(o, analysis, "maxWeight") ?? 50;
            for (var w = step; w <= max && weights.Count < 1000; w += step)
            {
                weights.Add((int)w);
            }
        }

        return new FlaggerCanary(o, kind, name)
        {
            AutoscalerName = Nodes.Text(o, spec, "autoscalerRef.name"),
            Interval = Durations.Read(o, analysis, "interval") ?? TimeSpan.FromMinutes(1),
            Weights = weights,
        };
    }

    private static DisruptionBudget ReadBudget(KubeObject o)
    {
        var spec = Typed.Read(o, o.Node, KubernetesModels.Default.V1PodDisruptionBudget, "").Spec ?? new V1PodDisruptionBudgetSpec();
        // policy/v1: an empty selector selects every pod of the namespace. policy/v1beta1 selected none, but no cluster
        // serves it since 1.25: a budget written in it is read as its policy/v1 replacement (k8s/invalid-manifest says so).
        var selector = LabelSelector.From(o, spec.Selector, emptyMatchesAll: true);
        return new DisruptionBudget(o, selector, spec.MinAvailable, spec.MaxUnavailable)
        {
            Refusals = BudgetBounds.Of(o),
        };
    }

    private static Autoscaler ReadAutoscaler(KubeObject o)
    {
        var spec = Typed.Read(o, o.Node, KubernetesModels.Default.V2HorizontalPodAutoscaler, "").Spec
            ?? throw new InvalidInputException($"{o.Location}: {o}: a HorizontalPodAutoscaler needs a spec");
        var up = spec.Behavior?.ScaleUp;
        return new Autoscaler(o, spec.ScaleTargetRef?.Kind ?? "", spec.ScaleTargetRef?.Name ?? "", AutoscalerBounds.FewestPods(o, spec.MinReplicas, spec.MaxReplicas), spec.MaxReplicas)
        {
            ScaleUpStabilization = TimeSpan.FromSeconds(up?.StabilizationWindowSeconds ?? 0),
            ScaleUpSelect = up?.SelectPolicy ?? "Max",
            ScaleUpPolicies = up?.Policies?.ToList() ?? [],
        };
    }
}
