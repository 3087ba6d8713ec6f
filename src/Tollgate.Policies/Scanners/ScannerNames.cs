using System.Text;

namespace Tollgate.Policies.Scanners;

/// <summary>Rule ids of imported results: <c>scanner/&lt;tool&gt;/&lt;id&gt;</c>, the tool named the way users know it.</summary>
public static class ScannerNames
{
    public static string Tool(string driverName)
    {
        var name = driverName.Trim().ToLowerInvariant();
        if (name.Contains("checkov", StringComparison.Ordinal) || name is "prisma cloud" or "bridgecrew")
        {
            return "checkov";
        }

        foreach (var known in new[] { "tfsec", "trivy", "conftest", "opa", "kics", "terrascan" })
        {
            if (name.Contains(known, StringComparison.Ordinal))
            {
                return known;
            }
        }

        var builder = new StringBuilder();
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        return builder.ToString().Trim('-') is { Length: > 0 } cleaned ? cleaned : "unknown";
    }

    public static string RuleId(string tool, string id) => $"scanner/{tool}/{id}";
}
