using System.Buffers;
using System.Security.Cryptography;
using Tollgate.Domain.Findings;
using Tollgate.Terraform.Graph;
using Tollgate.Terraform.GraphRules;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// The digest a plan report's approvals bind to. The plan's <see cref="ChangeDigest"/> binds its changes and the checks
/// that did not pass, which decide the plan rules' findings. The graph rules' findings are decided from the plan's
/// configuration too (which resources refer to a changed one) and from the policy's limits: when one of them asks for
/// a review (a blast radius over <c>maxDependents</c>, a policy's <c>reviewOn: [fan-out]</c>), the digest binds it as
/// well (rule, address, severity, message, related, as <see cref="GraphReviewDigest"/> does), so an approval of a hub
/// change with 3 dependents does not clear the same change with 50. When none asks, the digest is the plan's own.
/// </summary>
public static class PlanReviewDigest
{
    private static readonly HashSet<string> GraphRules = [.. GraphRuleSet.Registrations.Select(r => r.Id)];

    public static string Of(string planDigest, IReadOnlyList<Finding> reviewing)
    {
        List<Finding> configured = [.. reviewing.Where(f => GraphRules.Contains(f.Rule))];
        if (configured.Count == 0)
        {
            return planDigest;
        }

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = CanonicalJson.CreateWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("plan", planDigest);
            GraphReviewDigest.WriteReview(w, configured);
            w.WriteEndObject();
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }
}
