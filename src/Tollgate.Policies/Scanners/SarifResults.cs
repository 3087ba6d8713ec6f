using System.Text.Json;
using Tollgate.Domain.Findings;

namespace Tollgate.Policies.Scanners;

/// <summary>
/// Imports SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html) from Checkov, tfsec,
/// Trivy, Conftest or any other tool: one finding per failing result, rule id <c>scanner/&lt;tool&gt;/&lt;ruleId&gt;</c>.
/// Severity comes from <c>security-severity</c> (result, then rule), then a severity word in the rule's tags or
/// properties, then the level; the evidence says which, because a level alone is a weak signal (Checkov without a
/// vendor key marks every result <c>error</c>). Results the tool suppressed keep their suppression. The evidence names
/// the check as the rule does (<c>checkName</c>: its short description, else its full description, else its name) and
/// its guideline (<c>guideline</c>: the rule's <c>helpUri</c>), when the SARIF has them.
/// </summary>
public static class SarifResults
{
    public static IReadOnlyList<Finding> Read(JsonElement root, string source)
    {
        var findings = new List<Finding>();
        foreach (var (run, at) in ScanShape.Items(ScanShape.Required(root, "runs", ""), "runs"))
        {
            var driver = ScanShape.Required(ScanShape.Required(run, "tool", at), "driver", at + ".tool");
            var tool = ScannerNames.Tool(Str(ScanShape.Object(driver, at + ".tool.driver"), "name") ?? "unknown");
            var rules = ScanShape.OptionalItems(driver, "rules", at + ".tool.driver").Select(r => ScanShape.Object(r.Item, r.At)).ToList();
            foreach (var (result, resultAt) in ScanShape.OptionalItems(run, "results", at))
            {
                ScanShape.Object(result, resultAt);
                if (Str(result, "kind") is { } kind && kind != "fail")
                {
                    continue;
                }

                var ruleId = Str(result, "ruleId") ?? "unknown";
                var rule = FindRule(rules, result, ruleId);
                var (severity, basis) = SeverityOf(result, rule);
                var evidence = new Dictionary<string, object?>
                {
                    ["tool"] = tool,
                    ["toolRule"] = ruleId,
                    ["severityFrom"] = basis,
                    ["file"] = source,
                };
                if (rule is { } described)
                {
                    ScanEvidence.AddCheck(evidence, Text(described, "shortDescription") ?? Text(described, "fullDescription") ?? Str(described, "name"), Str(described, "helpUri"));
                }

                findings.Add(new Finding(ScannerNames.RuleId(tool, ruleId), severity, AddressOf(result, resultAt), MessageOf(result, ruleId))
                {
                    Evidence = evidence,
                    Suppression = SuppressionOf(result),
                });
            }
        }

        return findings;
    }

    private static JsonElement? FindRule(List<JsonElement> rules, JsonElement result, string ruleId)
    {
        if (result.TryGetProperty("ruleIndex", out var index) && index.ValueKind == JsonValueKind.Number && index.TryGetInt32(out var i) && i >= 0 && i < rules.Count)
        {
            return rules[i];
        }

        return rules.FirstOrDefault(r => Str(r, "id") == ruleId) is { ValueKind: JsonValueKind.Object } found ? found : null;
    }

    private static (Severity, string) SeverityOf(JsonElement result, JsonElement? rule)
    {
        if (ScannerSeverity.FromScoreText(Property(result, "security-severity")) is { } fromResult)
        {
            return (fromResult, "security-severity");
        }

        if (rule is { } r)
        {
            if (ScannerSeverity.FromScoreText(Property(r, "security-severity")) is { } fromRule)
            {
                return (fromRule, "security-severity");
            }

            if (ScannerSeverity.FromWord(Property(r, "severity") ?? Property(r, "problem.severity")) is { } word)
            {
                return (word, "severity");
            }

            if (r.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object && props.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array)
            {
                foreach (var tag in tags.EnumerateArray())
                {
                    if (tag.ValueKind == JsonValueKind.String && ScannerSeverity.FromWord(tag.GetString()) is { } tagged)
                    {
                        return (tagged, "tags");
                    }
                }
            }
        }

        var level = Str(result, "level")
            ?? (rule is { } withDefault && withDefault.TryGetProperty("defaultConfiguration", out var config) ? Str(config, "level") : null)
            ?? "warning";
        return (ScannerSeverity.FromLevel(level), "level");
    }

    private static string AddressOf(JsonElement result, string at)
    {
        foreach (var (location, locationAt) in ScanShape.OptionalItems(result, "locations", at).Take(1))
        {
            foreach (var (logical, _) in ScanShape.OptionalItems(location, "logicalLocations", locationAt).Take(1))
            {
                var name = Str(logical, "fullyQualifiedName") ?? Str(logical, "name");
                if (name is { Length: > 0 })
                {
                    return name;
                }
            }

            if (ScanShape.Optional(location, "physicalLocation", locationAt) is { } physical)
            {
                var physicalAt = locationAt + ".physicalLocation";
                var uri = ScanShape.Optional(physical, "artifactLocation", physicalAt) is { } artifact ? Str(artifact, "uri") : null;
                var region = ScanShape.Optional(physical, "region", physicalAt);
                var line = region is { } r && ScanShape.Optional(r, "startLine", physicalAt + ".region") is { ValueKind: JsonValueKind.Number } l && l.TryGetInt32(out var n) ? n : 0;
                if (uri is not null)
                {
                    return line > 0 ? $"{uri}:{line}" : uri;
                }
            }
        }

        return "plan";
    }

    /// <summary>The <c>text</c> of a rule's message property (<c>shortDescription</c>, <c>fullDescription</c>), if it has one.</summary>
    private static string? Text(JsonElement rule, string name) =>
        rule.TryGetProperty(name, out var message) && message.ValueKind == JsonValueKind.Object && Str(message, "text") is { Length: > 0 } text ? text : null;

    private static string MessageOf(JsonElement result, string ruleId) =>
        result.TryGetProperty("message", out var message) && Str(message, "text") is { Length: > 0 } text
            ? text.ReplaceLineEndings(" ").Trim()
            : ruleId;

    private static Suppression? SuppressionOf(JsonElement result)
    {
        if (!result.TryGetProperty("suppressions", out var suppressions) || suppressions.ValueKind != JsonValueKind.Array || suppressions.GetArrayLength() == 0)
        {
            return null;
        }

        var first = suppressions[0];
        if (Str(first, "status") is "rejected" or "underReview")
        {
            return null;
        }

        return new Suppression(Str(first, "kind") ?? "inSource", Str(first, "justification") ?? "suppressed by the scanner");
    }

    private static string? Property(JsonElement element, string name) =>
        element.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object && props.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ValueKind == JsonValueKind.Number ? value.GetRawText() : null
            : null;

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
