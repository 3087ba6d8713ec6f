using Tollgate.Domain.Policies;

namespace Tollgate.Domain.Gates;

/// <summary>
/// The pipeline's extension point for what a policy adds to a kind's own findings: custom rules evaluated over the
/// kind's values (CEL over a Terraform change), imported scanner and Rego results. A kind without one still gets
/// severity overrides, disabled rules and exceptions.
/// </summary>
public interface IPolicyRules
{
    Task<IReadOnlyList<Findings.Finding>> EvaluateAsync(Policy policy, GateContext context);
}
