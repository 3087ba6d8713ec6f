namespace Tollgate.Terraform.Plan;

/// <summary>
/// Counts of resource instances by what the plan does to them; <see cref="Import"/> and <see cref="Move"/> count, across
/// those, the instances terraform also imports (<c>change.importing</c>) or moves (<c>previous_address</c>).
/// </summary>
public sealed record PlanSummary(int Create, int Update, int Delete, int Replace, int Forget, int Read, int NoOp)
{
    public int Import { get; init; }

    public int Move { get; init; }

    /// <summary>The counts by action; <c>import</c> and <c>move</c> only when the plan imports or moves anything.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> ToPairs() =>
    [
        new("create", Create), new("update", Update), new("delete", Delete), new("replace", Replace),
        new("forget", Forget), new("read", Read), new("noop", NoOp),
        .. Import > 0 ? [new KeyValuePair<string, long>("import", Import)] : Array.Empty<KeyValuePair<string, long>>(),
        .. Move > 0 ? [new KeyValuePair<string, long>("move", Move)] : Array.Empty<KeyValuePair<string, long>>(),
    ];
}
