using Tollgate.Domain.Findings;

namespace Tollgate.Reports;

/// <summary>How reports word an applied exception: reason, owner and expiry, so no exception is ever silent.</summary>
public static class PolicyText
{
    public static string Describe(Suppression suppression)
    {
        var parts = new List<string> { suppression.Reason };
        if (suppression.Owner is { } owner)
        {
            parts.Add("owner " + owner);
        }

        if (suppression.Expires is { } expires)
        {
            parts.Add("until " + expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (suppression.Kind != "external")
        {
            parts.Add("suppressed by the scanner");
        }

        return string.Join("; ", parts);
    }
}
