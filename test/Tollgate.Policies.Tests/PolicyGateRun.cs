using Microsoft.Extensions.Time.Testing;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Policies.Gate;
using Tollgate.Policies.Loading;
using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Plan;

namespace Tollgate.Policies.Tests;

/// <summary>Judges a real plan with a policy the way <c>tollgate plan</c> does, for tests.</summary>
internal static class PolicyGateRun
{
    public static readonly DateTimeOffset Today = new(2027, 1, 15, 12, 0, 0, TimeSpan.Zero);

    public static async Task<Report> JudgeAsync(TerraformPlan plan, string yaml, IReadOnlyList<Approval>? approvals = null, DateTimeOffset? now = null, IReadOnlyList<string>? scans = null)
    {
        var policy = PolicyReader.Parse(yaml, "tollgate.yaml");
        var gate = new PlanGate { Policy = policy };
        var applied = await new PlanPolicy(policy, new FakeTimeProvider(now ?? Today)) { Scans = scans ?? [] }
            .ApplyAsync("plan.json", plan, gate.Evaluate(plan));
        return gate.Judge("plan.json", plan, applied.Findings, approvals ?? []) with { Notes = applied.Notes };
    }

    public static Approval By(string who, TerraformPlan plan) => new(plan.Digest, who, "reviewed", Today, "plan.json");

    public static Policy Parse(string yaml) => PolicyReader.Parse(yaml, "tollgate.yaml");
}
