using System.Security.Cryptography;
using System.Text;
using Tollgate.Domain.Reports;

namespace Tollgate.Ledger;

/// <summary>
/// What makes two approvals the same one: the digest, the approver and the reason. The ledger records an approval once
/// under this key, so a retried request or the same request reaching two replicas is one record.
/// </summary>
internal static class ApprovalKey
{
    public static string Of(Approval approval) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{approval.Digest}\n{approval.By}\n{approval.Reason}")));
}
