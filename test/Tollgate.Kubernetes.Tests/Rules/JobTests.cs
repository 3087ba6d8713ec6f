using Tollgate.Kubernetes.Lint;
using Tollgate.Kubernetes.Manifests;
using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// <c>batch/v1</c> Jobs and CronJobs (through <c>jobTemplate</c>) and bare <c>v1</c> Pods: checked against Kubernetes'
/// schema like the workloads (before, a misspelt <c>restartPolicy</c>, <c>backoffLimit</c> or
/// <c>imagePullPolicy</c> passed silently), and a Job whose pods would restart always is refused as the API server
/// refuses it. The rollout rules do not apply: nothing in them is rolled out. Jobs and CronJobs alone are a complete
/// answer (pass or fail on those checks); bare Pods alone hold.
/// </summary>
public sealed class JobTests
{
    private const string Job = """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
        spec:
          backoffLimit: 2
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: migrate
                  image: example/migrate:1
                  imagePullPolicy: IfNotPresent

        """;

    private const string CronJob = """
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: nightly
        spec:
          schedule: "0 3 * * *"
          concurrencyPolicy: Forbid
          jobTemplate:
            spec:
              backoffLimit: 2
              template:
                spec:
                  restartPolicy: OnFailure
                  containers:
                    - name: report
                      image: example/report:1
                      imagePullPolicy: IfNotPresent

        """;

    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: debug
        spec:
          restartPolicy: Never
          containers:
            - name: shell
              image: busybox:1
              imagePullPolicy: IfNotPresent
        status:
          phase: Running
          anything: the cluster's

        """;

    [Fact]
    public void JobCronJobPod_AsWritten_NoFindingAndNoRolloutRule()
    {
        // No probes, no budget, no minReadySeconds, two pods at a time: none of it is a rollout-safety finding here.
        var texts = new[] { new ManifestText("batch.yaml", All(Job.Replace("  backoffLimit: 2", "  parallelism: 2", StringComparison.Ordinal), CronJob, Pod)) };

        var lint = ManifestLint.Lint(texts);

        lint.Findings.ShouldBeEmpty();
        lint.Set.Workloads.ShouldBeEmpty();
        lint.Set.Jobs.Select(j => j.Kind).ShouldBe(["Job", "CronJob"]);
        lint.Set.Ignored.ShouldBe(1);
        K8sLintGate.Evidence("batch.yaml", texts, lint).Pending.ShouldBeNull();
    }

    [Fact]
    public void JobsAlone_AreACompleteAnswer_PodsAloneHold()
    {
        // A Job's fields and its pods' restart policy are judged, so Jobs alone pass or fail on that; a bare Pod has
        // nothing the lint judges beyond its fields, so Pods alone still hold like any input without a workload.
        var jobs = new[] { new ManifestText("jobs.yaml", All(Job, CronJob)) };
        var pods = new[] { new ManifestText("pod.yaml", Pod) };

        var evidence = K8sLintGate.Evidence("jobs.yaml", jobs, ManifestLint.Lint(jobs));

        evidence.Pending.ShouldBeNull();
        evidence.Headline.ShouldBe("0 workloads, 0 PodDisruptionBudgets, 0 HPAs, 0 Flagger Canaries, 1 CronJob, 1 Job; 0 other objects in 1 file");
        evidence.Summary.ShouldContain(new KeyValuePair<string, long>("jobs", 2));
        K8sLintGate.Evidence("pod.yaml", pods, ManifestLint.Lint(pods)).Pending.ShouldBe("no Deployment, StatefulSet, Argo Rollout, Flagger Canary target, Job or CronJob in the inputs: nothing to judge");
    }

    [Theory]
    [InlineData("Job", "      restartPolicy: Never", "      restartPolcy: Never", 9, "spec.template.spec.restartPolcy", "spec.template.spec.restartPolicy")]
    [InlineData("Job", "  backoffLimit: 2", "  backofLimit: 2", 6, "spec.backofLimit", "spec.backoffLimit")]
    [InlineData("Job", "          imagePullPolicy:", "          imagePullPolicyy:", 13, "spec.template.spec.containers[0].imagePullPolicyy", "spec.template.spec.containers[0].imagePullPolicy")]
    [InlineData("CronJob", "  concurrencyPolicy: Forbid", "  concurrencyPolicey: Forbid", 7, "spec.concurrencyPolicey", "spec.concurrencyPolicy")]
    [InlineData("CronJob", "  jobTemplate:", "  jobTemplat:", 9, "spec.jobTemplat", "spec.jobTemplate")]
    [InlineData("CronJob", "      backoffLimit: 2", "      backofLimit: 2", 10, "spec.jobTemplate.spec.backofLimit", "spec.jobTemplate.spec.backoffLimit")]
    [InlineData("CronJob", "          restartPolicy: OnFailure", "          restartPolcy: OnFailure", 13, "spec.jobTemplate.spec.template.spec.restartPolcy", "spec.jobTemplate.spec.template.spec.restartPolicy")]
    [InlineData("CronJob", "              imagePullPolicy:", "              imagePullPolicyy:", 17, "spec.jobTemplate.spec.template.spec.containers[0].imagePullPolicyy", "spec.jobTemplate.spec.template.spec.containers[0].imagePullPolicy")]
    [InlineData("Pod", "  restartPolicy: Never", "  restartPolcy: Never", 6, "spec.restartPolcy", "spec.restartPolicy")]
    [InlineData("Pod", "      imagePullPolicy:", "      imagePullPolicyy:", 10, "spec.containers[0].imagePullPolicyy", "spec.containers[0].imagePullPolicy")]
    public void Field_MisspeltInAJobCronJobOrPod_FoundOnceWithTheFieldMeant(string kind, string written, string misspelt, int line, string path, string meant)
    {
        var (manifest, name) = kind switch { "Job" => (Job, "migrate"), "CronJob" => (CronJob, "nightly"), _ => (Pod, "debug") };
        manifest.ShouldContain(written);

        // A misspelt restartPolicy is read as meant: not also "restartPolicy is unset" for the Job.
        var finding = Lint.Text(manifest.Replace(written, misspelt, StringComparison.Ordinal)).Findings.ShouldHaveSingleItem();

        finding.Rule.ShouldBe("k8s/invalid-manifest");
        finding.Address.ShouldBe($"{kind}/default/{name}");
        finding.Message.ShouldBe($"{kind} default/{name}: {path} is not a field of a {kind}; did you mean {meant[(meant.LastIndexOf('.') + 1)..]}?: kubectl apply refuses it (strict decoding error: unknown field \"{path}\"), and applied without validation the API server drops it; linted as {meant}");
        finding.Suggestion.ShouldBe($"rename {path} to {meant}");
        finding.Location!.Line.ShouldBe(line);
    }

    [Fact]
    public void Field_MisspeltInsideAMisspeltJobTemplate_FoundAtThePathMeant()
    {
        var cronJob = CronJob.Replace("  jobTemplate:", "  jobTemplat:", StringComparison.Ordinal).Replace("      backoffLimit: 2", "      backofLimit: 2", StringComparison.Ordinal);

        Lint.Text(cronJob).Findings.Select(f => f.Suggestion).ShouldBe([
            "rename spec.jobTemplat to spec.jobTemplate",
            "rename spec.jobTemplat.spec.backofLimit to spec.jobTemplate.spec.backoffLimit",
        ]);
    }

    [Theory]
    [InlineData("Job", "      restartPolicy: Never\n", "", "spec.template.spec.restartPolicy is unset, which a pod defaults to Always", "Always")]
    [InlineData("Job", "      restartPolicy: Never\n", "      restartPolicy: Always\n", "spec.template.spec.restartPolicy is Always", "Always")]
    [InlineData("CronJob", "          restartPolicy: OnFailure\n", "", "spec.jobTemplate.spec.template.spec.restartPolicy is unset, which a pod defaults to Always", "Always")]
    public void RestartPolicy_AlwaysInAJob_RefusedAsTheApiServerRefusesIt(string kind, string written, string rewritten, string problem, string value)
    {
        var (manifest, name) = kind == "Job" ? (Job, "migrate") : (CronJob, "nightly");
        var spec = kind == "Job" ? "spec.template.spec" : "spec.jobTemplate.spec.template.spec";

        var finding = Lint.Text(manifest.Replace(written, rewritten, StringComparison.Ordinal)).Findings.ShouldHaveSingleItem();

        finding.Rule.ShouldBe("k8s/invalid-manifest");
        finding.Message.ShouldBe($"{kind} default/{name}: {problem}, and a Job's pods must end: the API server refuses it (Unsupported value: \"{value}\": supported values: \"OnFailure\", \"Never\")");
        finding.Suggestion.ShouldBe(kind == "Job"
            ? "spec:\n  template:\n    spec:\n      restartPolicy: Never  # or OnFailure, to restart the failed container in the same pod"
            : "spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never  # or OnFailure, to restart the failed container in the same pod");
        finding.Evidence["field"].ShouldBe($"{spec}.restartPolicy");
    }

    [Fact]
    public void RestartPolicy_PodsMayRestartAlways_LeftAlone()
    {
        Lint.Text(Pod.Replace("  restartPolicy: Never\n", "", StringComparison.Ordinal)).Findings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("batch/v1", "Jobs", "batch/v1 has no kind Jobs; did you mean Job?: kubectl apply finds no such kind (no matches for kind), and no rule reads it", "apiVersion: batch/v1\nkind: Job")]
    [InlineData("apps/v1", "CronJob", "apps/v1 has no kind CronJob: a CronJob is apiVersion batch/v1: kubectl apply finds no such kind (no matches for kind), and no rule reads it", "apiVersion: batch/v1\nkind: CronJob")]
    public void Kind_NotInItsGroup_FoundWithTheOneMeant(string apiVersion, string kind, string problem, string suggestion)
    {
        var manifest = $"apiVersion: {apiVersion}\nkind: {kind}\nmetadata: {{name: once}}\nspec: {{}}\n";

        var finding = Lint.Text(manifest).Findings.ShouldHaveSingleItem();

        finding.Message.ShouldBe($"{kind} default/once: {problem}");
        finding.Suggestion.ShouldBe(suggestion);
    }

    [Fact]
    public void CronJob_InARemovedApiVersion_OnlyTheApiVersionFound()
    {
        // batch/v1beta1 is not the table's schema: its fields are not checked, its pod template's restartPolicy is.
        var finding = Lint.Text(CronJob.Replace("batch/v1", "batch/v1beta1", StringComparison.Ordinal).Replace("  schedule:", "  schedul:", StringComparison.Ordinal)).Findings.ShouldHaveSingleItem();

        finding.Evidence["field"].ShouldBe("apiVersion");
        finding.Evidence["replacement"].ShouldBe("batch/v1");
    }
}
