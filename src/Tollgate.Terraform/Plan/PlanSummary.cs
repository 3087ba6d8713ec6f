namespace Tollgate.Terraform.Plan;

/// <summary>Counts of resource instances by what the plan does to them.</summary>
public sealed record PlanSummary(int Create, int Update, int Delete, int Replace, int Forget, int Read, int NoOp)
{
    public IReadOnlyList<KeyValuePair<string, long>> ToPairs() =>
    [
        new("create", Create), new("update", Update), new("delete", Delete), new("replace", Replace),
        new("forget", Forget), new("read", Read), new("noop", NoOp),
    ];
}
