using Microsoft.Extensions.Time.Testing;
using Tollgate.Cli.Hosting;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Ledger;
using Tollgate.Policies.Loading;
using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Plan;
using Tollgate.Terraform.PolicyRules;

namespace Tollgate.Policies.Tests;

/// <summary>Judges a real plan with a policy through the gate pipeline, as <c>tollgate plan</c> does, with a throw-away SQLite ledger.</summary>
internal static class PolicyGateRun
{
    public static readonly DateTimeOffset Today = new(2027, 1, 15, 12, 0, 0, TimeSpan.Zero);

    public static async Task<Report> JudgeAsync(TerraformPlan plan, string yaml, IReadOnlyList<Approval>? approvals = null, DateTimeOffset? now = null, IReadOnlyList<string>? scans = null)
    {
        var directory = Directory.CreateTempSubdirectory("tollgate-policy-run-");
        try
        {
            var clock = new FakeTimeProvider(now ?? Today);
            await using var ledger = await SqliteLedger.OpenAsync(Path.Combine(directory.FullName, "ledger.db"), clock);
            foreach (var approval in approvals ?? [])
            {
                await ledger.ApproveAsync(approval);
            }

            var context = new GateContext(clock, ledger, Parse(yaml), directory.FullName);
            var evidence = PlanGate.Evidence("plan.json", plan, new PlanGate().Evaluate(plan)) with
            {
                PolicyRules = new PlanPolicy("plan.json", plan) { Scans = scans ?? [] },
            };
            return await GatePipeline.RunAsync(evidence, context);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public static Approval By(string who, TerraformPlan plan) => new(plan.Digest, who, "reviewed", Today, "plan.json");

    public static Policy Parse(string yaml) => PolicyReader.Parse(yaml, "tollgate.yaml", Pillars.Vocabulary);
}
