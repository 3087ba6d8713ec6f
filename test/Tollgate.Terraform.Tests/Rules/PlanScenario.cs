using Tollgate.Domain.Findings;
using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Plan;
using Tollgate.Testing;

namespace Tollgate.Terraform.Tests.Rules;

/// <summary>Plans a real configuration change with terraform and runs the plan rules on it.</summary>
internal sealed class PlanScenario : IDisposable
{
    public TerraformWorkspace Workspace { get; } = new("scenario");

    public TerraformPlan Plan { get; private set; } = null!;

    public IReadOnlyList<Finding> Findings { get; private set; } = [];

    public static PlanScenario Of(string before, string after, params string[] planArgs)
    {
        var scenario = new PlanScenario();
        scenario.Workspace.Write("main.tf", before).Apply();
        scenario.Workspace.Write("main.tf", after);
        scenario.Replan(planArgs);
        return scenario;
    }

    public PlanScenario Replan(params string[] planArgs)
    {
        Plan = PlanReader.ReadFile(Workspace.PlanJson("plan.json", planArgs));
        Findings = new PlanGate().Evaluate(Plan);
        return this;
    }

    public IReadOnlyList<Finding> Rule(string id) => Findings.Where(f => f.Rule == id).ToList();

    public void Dispose() => Workspace.Dispose();
}
