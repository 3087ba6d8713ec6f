namespace Tollgate.Terraform.Plan;

/// <summary>
/// A <c>change.actions</c> list, classified by membership as Terraform documents it: any list holding
/// <c>delete</c> deletes an object; <c>forget</c> removes it from state but leaves it in the cloud.
/// Unknown action strings are kept verbatim.
/// </summary>
public sealed record ChangeActions(IReadOnlyList<string> Values)
{
    public bool Contains(string action) => Values.Contains(action);

    public bool IsNoOp => Values.Count == 1 && Values[0] == "no-op";

    public bool Deletes => Contains("delete");

    public bool Creates => Contains("create");

    public bool Forgets => Contains("forget");

    /// <summary>Delete-then-create or create-then-delete: the object is replaced.</summary>
    public bool Replaces => Deletes && Creates;

    public bool IsPureDelete => Values.Count == 1 && Values[0] == "delete";

    public bool IsPureCreate => Values.Count == 1 && Values[0] == "create";

    public bool IsRead => Values.Count == 1 && Values[0] == "read";

    public override string ToString() => string.Join(",", Values);
}
