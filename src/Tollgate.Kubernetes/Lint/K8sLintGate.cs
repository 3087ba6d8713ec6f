using System.Security.Cryptography;
using System.Text;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Kubernetes.Manifests;
using Tollgate.Kubernetes.Rules;

namespace Tollgate.Kubernetes.Lint;

/// <summary>
/// The manifest gate: reads the manifests a <see cref="K8sLintRequest"/> names, runs every rule of
/// <see cref="ManifestRules"/> and hands the evidence to <see cref="GatePipeline"/> (policy, approvals by digest,
/// verdict, ledger). Inputs without a single workload, Job or CronJob hold: a lint that saw nothing to judge never
/// passes. Jobs and CronJobs alone are judged (their fields, pods that must end): they pass or fail on that.
/// Approvals bind to the manifests and to the findings the policy asks a review of (<see cref="ReviewQuestions"/>), so
/// an approval of three missing PodDisruptionBudgets does not clear a later policy's review of a readiness probe.
/// That digest binds every finding under review once (the lint's <see cref="Domain.Gates.Evidence.BindReview"/>): it is
/// not composed with <see cref="CustomReviewDigest"/>, which never changed a lint digest: custom rules do not run on
/// manifests.
/// </summary>
public sealed class K8sLintGate
{
    public const string Kind = "k8s-lint";

    public async Task<Report> RunAsync(K8sLintRequest request, GateContext context)
    {
        var texts = ManifestInputs.Load(request, context);
        texts.AddRange(request.Manifests);
        var subject = request.Subject ?? string.Join(" ", request.Paths.Concat(request.Manifests.Select(m => m.Name)));
        return await GatePipeline.RunAsync(Evidence(subject, texts, ManifestLint.Lint(texts, request.Namespace)), context);
    }

    public static Evidence Evidence(string subject, IReadOnlyList<ManifestText> texts, LintResult result)
    {
        var set = result.Set;
        var workloads = set.Declared.ToList();
        var summary = new List<KeyValuePair<string, long>>
        {
            new("files", texts.Count),
            new("objects", set.Objects.Count),
            new("workloads", workloads.Count),
            new("podDisruptionBudgets", set.Budgets.Count),
            new("autoscalers", set.Autoscalers.Count),
            new("flaggerCanaries", set.Canaries.Count),
            new("jobs", set.Jobs.Count),
            new("ignored", set.Ignored),
        };
        var kinds = string.Join(", ", workloads.GroupBy(w => w.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}{(g.Count() == 1 ? "" : "s")}"));
        var jobs = string.Concat(set.Jobs.GroupBy(j => j.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $", {Counted.Of(g.Count(), g.Key)}"));
        var digest = Digest(texts);
        return new Evidence(Kind, subject, digest, result.Findings)
        {
            // Every finding under review, a custom rule's too: the one place the lint's review digest is computed.
            BindReview = reviewing => ReviewQuestions.Of("manifests", digest, reviewing),
            Rules = ManifestRules.Registrations,
            Summary = summary,
            Headline = $"{Counted.Of(workloads.Count, "workload")}{(kinds.Length > 0 ? $" ({kinds})" : "")}, {Counted.Of(set.Budgets.Count, "PodDisruptionBudget")}, {Counted.Of(set.Autoscalers.Count, "HPA")}, {Counted.Of(set.Canaries.Count, "Flagger Canary", "Flagger Canaries")}{jobs}; {Counted.Of(set.Ignored, "other object")} in {Counted.Of(texts.Count, "file")}",
            Notes = set.Notes,
            Pending = workloads.Count == 0 && set.Jobs.Count == 0
                ? "no Deployment, StatefulSet, Argo Rollout, Flagger Canary target, Job or CronJob in the inputs: nothing to judge"
                : null,
            Wording = new DefaultWording("to review", "no rollout-safety finding"),
            Order = Comparer<Domain.Findings.Finding>.Create((a, b) =>
            {
                var bySeverity = b.Severity.CompareTo(a.Severity);
                return bySeverity != 0 ? bySeverity : string.CompareOrdinal(a.Address, b.Address);
            }),
        };
    }

    /// <summary>SHA-256 over the texts in order (each length-prefixed): approvals bind to exactly these manifests.</summary>
    public static string Digest(IEnumerable<ManifestText> texts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var text in texts)
        {
            var bytes = Encoding.UTF8.GetBytes(text.Text);
            hash.AppendData(BitConverter.GetBytes((long)bytes.Length));
            hash.AppendData(bytes);
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
