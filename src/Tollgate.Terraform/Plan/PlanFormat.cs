using System.Text.RegularExpressions;
using Tollgate.Domain;
using Tollgate.Domain.Reports;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// The plan format versions Tollgate reads: 1.x (Terraform 1.1 and later; minors only add members), and the
/// pre-1.0 formats 0.1 (Terraform 0.12 to 0.15) and 0.2 (Terraform 1.0), which lack members added later
/// (docs/terraform-plan.md lists them). Any other version is refused.
/// </summary>
public static partial class PlanFormat
{
    public static void Check(string version, string sourceName)
    {
        if (version is "0.1" or "0.2" || Version().Match(version) is { Success: true } m && m.Groups[1].Value == "1")
        {
            return;
        }

        var shown = Version().IsMatch(version) ? version : $"'{TextSafe.Line(Excerpt(version))}' (not a version number)";
        throw new InvalidInputException(
            $"{sourceName} has plan format_version {shown}; Tollgate reads formats 0.1, 0.2 and 1.x (Terraform 0.12 and later)");
    }

    // A value of any length is shown by its first 40 characters, a surrogate pair never cut in two.
    private static string Excerpt(string text) =>
        text.Length <= 40 ? text : text[..(char.IsHighSurrogate(text[39]) ? 39 : 40)] + "…";

    /// <summary>True for the formats written before 1.0, which lack action reasons, previous addresses and more.</summary>
    public static bool IsPreRelease(string version) => version.StartsWith("0.", StringComparison.Ordinal);

    [GeneratedRegex(@"^([0-9]{1,4})\.[0-9]{1,4}$")]
    private static partial Regex Version();
}
