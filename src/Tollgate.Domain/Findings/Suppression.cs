namespace Tollgate.Domain.Findings;

/// <summary>
/// Why a finding no longer counts toward the verdict: a policy exception (<c>external</c>, with its owner and expiry)
/// or a suppression the scanner itself reported (<c>inSource</c>). Suppressed findings are still reported, as SARIF
/// <c>suppressions</c> and in every other format, so an exception is never silent.
/// </summary>
public sealed record Suppression(string Kind, string Reason)
{
    public string? Owner { get; init; }

    public DateOnly? Expires { get; init; }

    /// <summary>The exception's address pattern, when the suppression comes from a policy file.</summary>
    public string? Pattern { get; init; }

    /// <summary>How reports word it: "reason; owner OWNER; until YYYY-MM-DD", so no exception is ever silent.</summary>
    public string Describe()
    {
        var parts = new List<string> { Reason };
        if (Owner is { } owner)
        {
            parts.Add("owner " + owner);
        }

        if (Expires is { } expires)
        {
            parts.Add("until " + expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (Kind != "external")
        {
            parts.Add("suppressed by the scanner");
        }

        return string.Join("; ", parts);
    }
}
