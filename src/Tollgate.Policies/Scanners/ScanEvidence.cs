namespace Tollgate.Policies.Scanners;

/// <summary>
/// The evidence an imported result carries about its check besides its id: <c>checkName</c>, the check as the scanner
/// names it, and <c>guideline</c>, the URL of the scanner's page about it. The SARIF report describes the rule with
/// the first and links the second as its help (only an absolute http or https URL is kept: it is a link, not text).
/// </summary>
public static class ScanEvidence
{
    public static void AddCheck(Dictionary<string, object?> evidence, string? checkName, string? guideline)
    {
        if (checkName?.Trim() is { Length: > 0 } name)
        {
            evidence["checkName"] = name;
        }

        if (Uri.TryCreate(guideline?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
        {
            evidence["guideline"] = guideline!.Trim();
        }
    }
}
