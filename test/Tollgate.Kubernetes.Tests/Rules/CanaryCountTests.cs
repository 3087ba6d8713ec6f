using Tollgate.Domain.Findings;
using Tollgate.Kubernetes.Workloads;
using static Tollgate.Kubernetes.Tests.Manifests.Manifests;

namespace Tollgate.Kubernetes.Tests.Rules;

/// <summary>
/// The pod counts Argo Rollouts runs for an unrouted <c>setWeight</c>, and the figures <c>k8s/canary-step-too-small</c>
/// and <c>k8s/hpa-vs-rollout</c> give from them, with the Rollout's own <c>maxSurge</c>.
/// </summary>
public sealed class CanaryCountTests
{
    [Theory]
    [InlineData(4, 10, 0, 1, 3)] // never zero canary pods on 2+ replicas: 25% of the traffic, not 10%
    [InlineData(4, 10, 1, 1, 4)]
    [InlineData(3, 5, 0, 1, 2)]
    [InlineData(2, 20, 0, 1, 1)]
    [InlineData(1, 10, 0, 0, 1)] // the one case without a canary pod: one replica that may not surge
    [InlineData(1, 10, 1, 1, 1)]
    [InlineData(3, 50, 0, 2, 1)] // tied (1 or 2 of 3): the larger canary
    [InlineData(10, 30, 3, 3, 7)]
    [InlineData(4, 100, 1, 4, 0)]
    [InlineData(4, 0, 1, 0, 4)]
    public void For_KnownAnswers_AsArgoRollouts(int replicas, int weight, int maxSurge, int canary, int stable)
    {
        CanaryCounts.For(replicas, weight, maxSurge).ShouldBe((canary, stable));
    }

    [Theory]
    [InlineData(4, "maxSurge: 0\n      maxUnavailable: 1", 10, "so the step runs 1 canary pod beside 3 stable ones (maxSurge 0), taking 25% of the traffic")]
    [InlineData(4, "maxSurge: 1", 10, "so the step runs 1 canary pod beside 4 stable ones (maxSurge 1), taking 20% of the traffic")]
    [InlineData(2, "maxSurge: 0\n      maxUnavailable: 1", 20, "so the step runs 1 canary pod beside 1 stable one (maxSurge 0), taking 50% of the traffic")]
    [InlineData(1, "maxSurge: 0\n      maxUnavailable: 1", 10, "so the step runs no canary pod (maxSurge 0 on 1 pod): the step judges nothing")]
    [InlineData(4, "", 10, "so the step runs 1 canary pod beside 4 stable ones (maxSurge 25%), taking 20% of the traffic")]
    public void CanaryStepTooSmall_Message_CountsWithTheRolloutsMaxSurge(int replicas, string canary, int weight, string end)
    {
        var finding = Lint.Text(All(Rollout("r", replicas, $"- setWeight: {weight}\n- pause: {{}}", canary), Pdb("r", "matchLabels: {app: r}"))).Findings
            .Single(f => f.Rule == "k8s/canary-step-too-small");

        finding.Message.ShouldEndWith(end);
        finding.Message.ShouldNotContain("no canary pod (maxSurge 0) or");
    }

    [Theory]
    [InlineData(4, "maxSurge: 0\n      maxUnavailable: 1", 20, Severity.Low)] // 25% for 20%: before, high (a FAIL)
    [InlineData(4, "maxSurge: 0\n      maxUnavailable: 1", 10, Severity.Medium)] // 25% for 10%
    [InlineData(2, "maxSurge: 0\n      maxUnavailable: 1", 20, Severity.Medium)] // 50% for 20%
    [InlineData(10, "maxSurge: 1", 5, Severity.Low)] // 9% for 5%
    [InlineData(1, "maxSurge: 0\n      maxUnavailable: 1", 10, Severity.High)] // no canary pod: the step judges nothing
    public void CanaryStepTooSmall_Severity_ByHowFarTheTrafficIsFromTheWeight(int replicas, string canary, int weight, Severity severity)
    {
        var finding = Lint.Text(All(Rollout("r", replicas, $"- setWeight: {weight}\n- pause: {{}}", canary), Pdb("r", "matchLabels: {app: r}"))).Findings
            .Single(f => f.Rule == "k8s/canary-step-too-small");

        finding.Severity.ShouldBe(severity);
    }

    [Theory]
    [InlineData(4, "maxSurge: 0\n      maxUnavailable: 1", 20, Severity.Low)]
    [InlineData(3, "maxSurge: 0\n      maxUnavailable: 1", 10, Severity.Medium)] // 25% for 10%, as the walk's rollout-multi
    [InlineData(1, "maxSurge: 0\n      maxUnavailable: 1", 10, Severity.High)]
    public void HpaVsRollout_StepUnderOnePod_SameSeverityAsWithReplicas(int minReplicas, string canary, int weight, Severity severity)
    {
        var finding = Lint.Text(All(Rollout("r", 10, $"- setWeight: {weight}\n- pause: {{}}", canary), Pdb("r", "matchLabels: {app: r}"), Hpa("r", "Rollout", "r", min: minReplicas))).Findings
            .Single(f => f.Rule == "k8s/hpa-vs-rollout");

        finding.Severity.ShouldBe(severity);
    }

    [Fact]
    public void HpaVsRollout_OneMinReplica_OnePodAndTheSurgedCount()
    {
        var finding = Lint.Text(All(Rollout("r", 10, "- setWeight: 20\n- pause: {}"), Pdb("r", "matchLabels: {app: r}"), Hpa("r", "Rollout", "r", min: 1))).Findings
            .Single(f => f.Rule == "k8s/hpa-vs-rollout");

        finding.Message.ShouldContain("step 0 setWeight 20 of 1 pod (HorizontalPodAutoscaler default/r's minReplicas) is 0.2 pod;");
        finding.Message.ShouldEndWith("so the step runs 1 canary pod beside 1 stable one (maxSurge 25%), taking 50% of the traffic");
    }
}
