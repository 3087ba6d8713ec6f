using System.Text.Json;
using Tollgate.Domain.Findings;

namespace Tollgate.Policies.Scanners;

/// <summary>
/// The scanners' own JSON reports, for when their SARIF lacks a severity: Checkov (<c>-o json</c>:
/// <c>results.failed_checks[]</c> with <c>check_id</c>, <c>resource</c>, <c>severity</c>), tfsec (<c>--format json</c>:
/// <c>results[]</c> with <c>long_id</c>, <c>resource</c>, <c>severity</c>) and Trivy (<c>--format json</c>:
/// <c>Results[].Misconfigurations[]</c> with <c>ID</c>, <c>Severity</c>, <c>Status</c>, <c>CauseMetadata.Resource</c>).
/// These carry the resource address, which their SARIF does not. Each finding's evidence names the check as the scanner
/// does (<c>checkName</c>: Checkov's <c>check_name</c>, tfsec's <c>rule_description</c>, Trivy's <c>Title</c>) and, when
/// the scanner gives one, the URL of its guideline (<c>guideline</c>: Checkov's <c>guideline</c>, tfsec's first
/// <c>links</c> entry, Trivy's <c>PrimaryURL</c>), which the SARIF report's rule links as its help.
/// </summary>
public static class ScannerJson
{
    /// <summary>A Checkov failed check without a severity (no vendor key) counts as high: Checkov itself fails on it.</summary>
    public const Severity CheckovWithoutSeverity = Severity.High;

    public static IReadOnlyList<Finding> Checkov(JsonElement root, string source)
    {
        var reports = root.ValueKind == JsonValueKind.Array ? ScanShape.Items(root, "").ToList() : [(root, "")];
        var findings = new List<Finding>();
        foreach (var (report, at) in reports)
        {
            if (ScanShape.Optional(report, "results", at) is not { } results)
            {
                continue;
            }

            foreach (var (list, suppressed) in new[] { ("failed_checks", false), ("skipped_checks", true) })
            {
                foreach (var (check, checkAt) in ScanShape.OptionalItems(results, list, ScanShape.Path(at, "results")))
                {
                    ScanShape.Object(check, checkAt);
                    var id = Str(check, "check_id") ?? "unknown";
                    var word = ScannerSeverity.FromWord(Str(check, "severity"));
                    var address = Str(check, "resource") ?? "plan";
                    findings.Add(new Finding(ScannerNames.RuleId("checkov", id), word ?? CheckovWithoutSeverity, address, $"{address}: {Str(check, "check_name") ?? id}")
                    {
                        Suggestion = Str(check, "guideline"),
                        Evidence = Evidence("checkov", id, word is null ? "default (checkov gave no severity)" : "severity", source, Str(check, "check_name"), Str(check, "guideline")),
                        Suppression = suppressed ? new Suppression("inSource", SkipReason(check)) : null,
                    });
                }
            }
        }

        return findings;
    }

    public static IReadOnlyList<Finding> Tfsec(JsonElement root, string source)
    {
        var findings = new List<Finding>();
        foreach (var (result, at) in ScanShape.OptionalItems(root, "results", ""))
        {
            ScanShape.Object(result, at);
            var id = Str(result, "long_id") ?? Str(result, "rule_id") ?? "unknown";
            var address = Str(result, "resource") ?? "plan";
            var word = ScannerSeverity.FromWord(Str(result, "severity"));
            findings.Add(new Finding(ScannerNames.RuleId("tfsec", id), word ?? Severity.Medium, address, $"{address}: {Str(result, "description") ?? Str(result, "rule_description") ?? id}")
            {
                Suggestion = Str(result, "resolution"),
                Evidence = Evidence("tfsec", id, word is null ? "default" : "severity", source, Str(result, "rule_description"), FirstLink(result)),
            });
        }

        return findings;
    }

    public static IReadOnlyList<Finding> Trivy(JsonElement root, string source)
    {
        var findings = new List<Finding>();
        foreach (var (target, at) in ScanShape.OptionalItems(root, "Results", ""))
        {
            foreach (var (misconfiguration, misconfigurationAt) in ScanShape.OptionalItems(target, "Misconfigurations", at))
            {
                ScanShape.Object(misconfiguration, misconfigurationAt);
                var status = Str(misconfiguration, "Status") ?? "FAIL";
                if (status == "PASS")
                {
                    continue;
                }

                var id = Str(misconfiguration, "AVDID") ?? Str(misconfiguration, "ID") ?? "unknown";
                var cause = misconfiguration.TryGetProperty("CauseMetadata", out var c) ? c : default;
                var address = (cause.ValueKind == JsonValueKind.Object ? Str(cause, "Resource") : null) ?? Str(target, "Target") ?? "plan";
                var word = ScannerSeverity.FromWord(Str(misconfiguration, "Severity"));
                findings.Add(new Finding(ScannerNames.RuleId("trivy", id), word ?? Severity.Info, address, $"{address}: {Str(misconfiguration, "Message") ?? Str(misconfiguration, "Title") ?? id}")
                {
                    Suggestion = Str(misconfiguration, "Resolution"),
                    Evidence = Evidence("trivy", id, word is null ? "default" : "severity", source, Str(misconfiguration, "Title"), Str(misconfiguration, "PrimaryURL")),
                    Suppression = status == "EXCEPTION" ? new Suppression("inSource", "trivy exception") : null,
                });
            }
        }

        return findings;
    }

    private static string SkipReason(JsonElement check) =>
        check.TryGetProperty("check_result", out var result) && Str(result, "suppress_comment") is { Length: > 0 } comment ? comment : "skipped in checkov";

    private static Dictionary<string, object?> Evidence(string tool, string id, string severityFrom, string source, string? checkName, string? guideline)
    {
        var evidence = new Dictionary<string, object?>
        {
            ["tool"] = tool,
            ["toolRule"] = id,
            ["severityFrom"] = severityFrom,
            ["file"] = source,
        };
        ScanEvidence.AddCheck(evidence, checkName, guideline);
        return evidence;
    }

    /// <summary>tfsec's first link: the check's page in its documentation.</summary>
    private static string? FirstLink(JsonElement result) =>
        result.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Array && links.GetArrayLength() > 0 && links[0].ValueKind == JsonValueKind.String
            ? links[0].GetString()
            : null;

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
