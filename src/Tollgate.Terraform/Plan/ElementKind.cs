namespace Tollgate.Terraform.Plan;

/// <summary>The plan elements <see cref="PlanReader"/> hands to its second thread.</summary>
internal enum ElementKind
{
    ResourceChange,
    OutputChanges,
}
