namespace Tollgate.Terraform.Plan.Checks;

/// <summary>What kind of block a check result belongs to.</summary>
public enum CheckKind
{
    /// <summary>A <c>check</c> block's <c>assert</c>s (Terraform 1.5+).</summary>
    CheckBlock,

    /// <summary>A resource's conditions, where the plan does not say which (<c>checks[]</c> kind <c>resource</c>).</summary>
    ResourceCondition,

    ResourcePrecondition,

    ResourcePostcondition,

    OutputPrecondition,

    VariableValidation,
}
