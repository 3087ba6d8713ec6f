namespace Tollgate.Terraform.Running;

/// <summary><c>-var NAME=VALUE</c> and <c>-var-file FILE</c> passed through to <c>terraform plan</c>.</summary>
public sealed record PlanOptions(IReadOnlyList<string> Vars, IReadOnlyList<string> VarFiles)
{
    public static PlanOptions None { get; } = new([], []);
}
