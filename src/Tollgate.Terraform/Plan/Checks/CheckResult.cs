namespace Tollgate.Terraform.Plan.Checks;

/// <summary>
/// One check object or condition of the plan whose result is not a pass: a <c>check</c> block's assertions, a
/// resource's preconditions and postconditions, an output's preconditions or a variable's validations.
/// </summary>
/// <param name="Address">The instance's address (<c>terraform_data.a[0]</c>, <c>check.health</c>).</param>
/// <param name="ConfigAddress">The block's address in the configuration, without instance keys or module keys.</param>
/// <param name="Module">The module instance, empty for the root module.</param>
/// <param name="Kind">The kind of block, in words.</param>
/// <param name="Status">Terraform's status: <c>fail</c>, <c>error</c> or <c>unknown</c>.</param>
/// <param name="Problems">The author's error messages of the failing conditions.</param>
public sealed record CheckResult(
    string Address,
    string ConfigAddress,
    string Module,
    CheckKind Kind,
    string Status,
    IReadOnlyList<string> Problems)
{
    public bool IsUnknown => Status == "unknown";

    /// <summary>
    /// True for a block terraform lists as <c>unknown</c> with no instances: it evaluated none of it in this plan (a
    /// destroy plan, a block outside <c>-target</c>), and the apply of this plan will not evaluate it either.
    /// </summary>
    public bool NotEvaluated { get; init; }
}
