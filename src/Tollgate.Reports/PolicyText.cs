using Tollgate.Domain.Findings;

namespace Tollgate.Reports;

/// <summary>How reports word an applied exception: reason, owner and expiry, so no exception is ever silent.</summary>
public static class PolicyText
{
    public static string Describe(Suppression suppression) => suppression.Describe();
}
