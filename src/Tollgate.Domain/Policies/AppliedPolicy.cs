using Tollgate.Domain.Findings;

namespace Tollgate.Domain.Policies;

/// <summary>Findings after the policy: severities overridden, exceptions marked, disabled rules gone; plus notes.</summary>
public sealed record AppliedPolicy(IReadOnlyList<Finding> Findings, IReadOnlyList<string> Notes);
