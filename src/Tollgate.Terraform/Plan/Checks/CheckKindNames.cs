namespace Tollgate.Terraform.Plan.Checks;

/// <summary>Check kinds in words and as evidence values.</summary>
public static class CheckKindNames
{
    public static string Words(this CheckKind kind) => kind switch
    {
        CheckKind.CheckBlock => "check block",
        CheckKind.ResourceCondition => "resource precondition or postcondition",
        CheckKind.ResourcePrecondition => "resource precondition",
        CheckKind.ResourcePostcondition => "resource postcondition",
        CheckKind.OutputPrecondition => "output precondition",
        _ => "variable validation",
    };

    public static string Id(this CheckKind kind) => kind switch
    {
        CheckKind.CheckBlock => "check",
        CheckKind.ResourceCondition => "resource-condition",
        CheckKind.ResourcePrecondition => "resource-precondition",
        CheckKind.ResourcePostcondition => "resource-postcondition",
        CheckKind.OutputPrecondition => "output-precondition",
        _ => "variable-validation",
    };
}
