using System.Text;
using System.Text.Json;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;

namespace Tollgate.Reports;

/// <summary>
/// The <c>reportingDescriptor</c> of each rule of a SARIF run, with what GitHub code scanning requires of one
/// (https://docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support-for-code-scanning#reportingdescriptor-object):
/// <c>shortDescription.text</c>, <c>fullDescription.text</c> (each at most 1,024 characters) and <c>help.text</c>, never
/// empty. A registered rule is described by its registration (what it catches, its default severity, what a finding at
/// <c>failOn</c> does) and links its row of docs/rules.md; a custom rule says it is tollgate.yaml's; an imported scanner
/// result is described by the check's name and links the scanner's guideline when the scanner gave one.
/// <c>properties.security-severity</c> and the tag <c>security</c> make code scanning treat a rule's results as
/// security alerts, so only security rules carry them (<see cref="IsSecurity"/>); the others have their level only.
/// </summary>
public static class SarifRules
{
    /// <summary>GitHub's limit on <c>shortDescription.text</c> and <c>fullDescription.text</c>.</summary>
    public const int MaxDescription = 1024;

    /// <summary>Scanners of infrastructure code for security misconfigurations: everything they report is a security result.</summary>
    private static readonly HashSet<string> SecurityScanners = new(["checkov", "tfsec", "trivy", "kics", "terrascan"], StringComparer.Ordinal);

    private static readonly Dictionary<string, string> ScannerNames = new(StringComparer.Ordinal)
    {
        ["checkov"] = "Checkov", ["tfsec"] = "tfsec", ["trivy"] = "Trivy", ["kics"] = "KICS", ["terrascan"] = "Terrascan",
        ["conftest"] = "Conftest", ["opa"] = "OPA",
    };

    /// <summary>The rules of <paramref name="findings"/>, in the order each first appears.</summary>
    public static List<SarifRule> Of(IEnumerable<Finding> findings) =>
        [.. findings.GroupBy(f => f.Rule, StringComparer.Ordinal).Select(g => new SarifRule(g.Key, g.Max(f => f.Severity), g.First(), g.Any(IsSecurity)))];

    /// <summary>
    /// True for a security result: one a security scanner imported with <c>--scan</c> reported (Checkov, tfsec, Trivy,
    /// KICS, Terrascan), or whose severity the importing SARIF gave as a <c>security-severity</c> (the tool said it is a
    /// security result). Tollgate's own rules (a destroy, a missing PodDisruptionBudget, a canary check) and policy
    /// results (custom rules, Conftest, OPA) are not: none of docs/rules.md's is a security rule.
    /// </summary>
    public static bool IsSecurity(Finding finding) =>
        finding.Rule.StartsWith("scanner/", StringComparison.Ordinal)
        && (SecurityScanners.Contains(Text(finding, "tool") ?? "") || Text(finding, "severityFrom") == "security-severity");

    public static void Write(Utf8JsonWriter w, SarifRule rule, string kind, RuleCatalog catalog)
    {
        var (shortText, fullText, help, helpUri) = Describe(rule, catalog);
        w.WriteStartObject();
        w.WriteString("id", rule.Id);
        w.WriteString("name", Name(rule.Id));
        WriteText(w, "shortDescription", Clip(shortText));
        WriteText(w, "fullDescription", Clip(fullText));
        WriteText(w, "help", help);
        if (helpUri is not null)
        {
            w.WriteString("helpUri", helpUri);
        }

        w.WriteStartObject("defaultConfiguration");
        w.WriteString("level", rule.Severity.SarifLevel());
        w.WriteEndObject();
        w.WriteStartObject("properties");
        if (rule.Security)
        {
            w.WriteString("security-severity", rule.Severity.SecuritySeverityScore());
        }

        w.WriteStartArray("tags");
        if (rule.Security)
        {
            w.WriteStringValue("security");
        }

        w.WriteStringValue(kind);
        w.WriteStringValue(rule.Severity.WireName());
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The short and full description, the help text and the help URI (null: none) of <paramref name="rule"/>.</summary>
    private static (string Short, string Full, string Help, string? HelpUri) Describe(SarifRule rule, RuleCatalog catalog)
    {
        if (catalog.Find(rule.Id) is { } registered)
        {
            var what = Sentence(registered.Description);
            var atFailOn = registered.AtFailOn == RuleOutcome.Review
                ? "asks for a review, which approvals of the report's digest (tollgate approve) clear"
                : "fails the gate";
            var pillar = registered.Pillar.Length > 0 ? registered.Pillar + " rule" : "Rule";
            var full = $"{what} {pillar}; default severity {registered.DefaultSeverity.WireName()}; a finding at or above the policy's failOn {atFailOn}.";
            var help = $"{what}\n\nDefault severity: {registered.DefaultSeverity.WireName()} (tollgate.yaml's rules: {{ \"{rule.Id}\": {{ severity: … }} }} sets another). " +
                $"A finding at or above the policy's failOn {atFailOn}.\n\nDocumentation: {registered.Help}";
            return (registered.Description, full, help, registered.Help.ToString());
        }

        if (rule.Id.StartsWith("policy/", StringComparison.Ordinal))
        {
            var name = rule.Id["policy/".Length..];
            var full = $"Custom rule {name} of the policy (tollgate.yaml, custom:), with the severity it declares; a finding at or above the policy's failOn fails the gate.";
            return (catalog.Describe(rule.Id), full, full + $"\n\nDocumentation: {RuleInfo.DocsRoot}/policy.md#custom-rules-in-cel", null);
        }

        if (rule.Id.StartsWith("scanner/", StringComparison.Ordinal))
        {
            return Scanner(rule, catalog);
        }

        var described = Sentence(catalog.Describe(rule.Id));
        return (catalog.Describe(rule.Id), described, described, null);
    }

    /// <summary>An imported result's rule: the check's name as the scanner gave it, the scanner and the check's id, and its guideline.</summary>
    private static (string, string, string, string?) Scanner(SarifRule rule, RuleCatalog catalog)
    {
        var parts = rule.Id.Split('/', 3);
        var tool = Text(rule.First, "tool") ?? (parts.Length > 1 ? parts[1] : rule.Id);
        var scanner = ScannerNames.GetValueOrDefault(tool, tool);
        var check = Text(rule.First, "toolRule") ?? (parts.Length > 2 ? parts[2] : rule.Id);
        var name = Text(rule.First, "checkName") is { Length: > 0 } given ? given.ReplaceLineEndings(" ").Trim() : null;
        var guideline = Text(rule.First, "guideline") is { } link && Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? uri.AbsoluteUri : null;
        var full = $"{(name ?? catalog.Describe(rule.Id)).TrimEnd('.')} ({scanner}'s check {check}, a result Tollgate imported).";
        var help = new StringBuilder(full)
            .Append("\n\nIts severity comes from the imported result (the finding's evidence, severityFrom, says from what), unless tollgate.yaml's rules: sets another.");
        if (guideline is not null)
        {
            help.Append("\n\n").Append(scanner).Append("'s guideline: ").Append(guideline);
        }

        return (name ?? catalog.Describe(rule.Id), full, help.ToString(), guideline);
    }

    private static void WriteText(Utf8JsonWriter w, string property, string text)
    {
        w.WriteStartObject(property);
        w.WriteString("text", text);
        w.WriteEndObject();
    }

    /// <summary>A description as a sentence: ending in a full stop.</summary>
    private static string Sentence(string text) => text.EndsWith('.') ? text : text + ".";

    /// <summary>At most <see cref="MaxDescription"/> characters: a longer text is cut at a space and ends in an ellipsis.</summary>
    public static string Clip(string text)
    {
        if (text.Length <= MaxDescription)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', MaxDescription - 2);
        return text[..(cut > 0 ? cut : MaxDescription - 1)] + "…";
    }

    /// <summary><c>k8s/pdb-missing</c> as <c>K8sPdbMissing</c>: the rule's name code scanning filters by.</summary>
    private static string Name(string id)
    {
        var builder = new StringBuilder();
        var upper = true;
        foreach (var c in id)
        {
            if (c is '-' or '/')
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.ToString();
    }

    private static string? Text(Finding finding, string key) => finding.Evidence.TryGetValue(key, out var value) ? value as string : null;
}
