using System.Text.Json;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;

namespace Tollgate.Domain.Gates;

/// <summary>
/// The digest an approval binds to once the policy's custom rules (<c>policy/…</c>) ask a review question: the kind's
/// digest and each such finding (rule, address, severity, message). A custom rule reads only what the kind's digest
/// binds, but the question it asks is the policy's: a rule put under <c>reviewOn</c> after an approval asks about a
/// resource the approver never saw, so it changes the digest and asks again, as a new scanner or graph finding under
/// review does. Without such a finding the digest is the kind's own.
/// </summary>
public static class CustomReviewDigest
{
    public const string Prefix = "policy/";

    public static string Of(string digest, IReadOnlyList<Finding> reviewing)
    {
        List<string> lines = [];
        foreach (var f in reviewing)
        {
            if (f.Rule.StartsWith(Prefix, StringComparison.Ordinal))
            {
                lines.Add(string.Join('\t', [Text(f.Rule), Text(f.Address), f.Severity.ToString(), Text(f.Message)]));
            }
        }

        if (lines.Count == 0)
        {
            return digest;
        }

        lines.Sort(StringComparer.Ordinal);
        return ReportDigest.Of(["custom review", digest, .. lines.Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>The text with tabs, newlines and quotes escaped, so no two findings write the same line.</summary>
    private static string Text(string text) => JsonEncodedText.Encode(text).Value;
}
