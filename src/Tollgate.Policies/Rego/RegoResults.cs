using System.Text.Json;
using Tollgate.Domain.Findings;
using Tollgate.Policies.Scanners;

namespace Tollgate.Policies.Rego;

/// <summary>
/// Reads Rego policy results into findings. Conftest (<c>conftest test -o json</c>): one entry per file and
/// namespace with <c>failures</c> (deny/violation → high) and <c>warnings</c> (warn → medium), each <c>{msg, metadata}</c>;
/// rule id <c>scanner/conftest/&lt;namespace&gt;/deny|warn</c>. OPA (<c>opa eval -f json data</c>): every package's
/// <c>deny</c>/<c>violation</c>/<c>warn</c> set of strings or objects; rule id <c>scanner/opa/&lt;package&gt;/deny|warn</c>.
/// A result whose metadata names an <c>address</c> (or <c>resource</c>) is reported at it; otherwise at <c>plan</c>.
/// </summary>
public static class RegoResults
{
    public static IReadOnlyList<Finding> Conftest(JsonElement root)
    {
        var findings = new List<Finding>();
        foreach (var (entry, at) in ScanShape.Items(root, ""))
        {
            var ns = Str(ScanShape.Object(entry, at), "namespace") ?? "main";
            foreach (var (list, kind, severity) in new[] { ("failures", "deny", Severity.High), ("warnings", "warn", Severity.Medium) })
            {
                findings.AddRange(ScanShape.OptionalItems(entry, list, at).Select(r => ToFinding("conftest", $"{ns}/{kind}", severity, r.Item)));
            }
        }

        return findings;
    }

    public static IReadOnlyList<Finding> Opa(JsonElement root)
    {
        var findings = new List<Finding>();
        foreach (var (result, at) in ScanShape.OptionalItems(ScanShape.Object(root, ""), "result", ""))
        {
            foreach (var (expression, expressionAt) in ScanShape.Items(ScanShape.Required(result, "expressions", at), at + ".expressions"))
            {
                Walk(ScanShape.Required(expression, "value", expressionAt), "", findings);
            }
        }

        return findings;
    }

    private static void Walk(JsonElement value, string package, List<Finding> findings)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in value.EnumerateObject())
        {
            var kind = property.Name switch
            {
                "deny" or "violation" => "deny",
                "warn" => "warn",
                _ => null,
            };
            if (kind is not null && property.Value.ValueKind == JsonValueKind.Array)
            {
                var severity = kind == "deny" ? Severity.High : Severity.Medium;
                var id = $"{(package.Length == 0 ? "data" : package)}/{kind}";
                findings.AddRange(property.Value.EnumerateArray().Select(r => ToFinding("opa", id, severity, r)));
            }
            else if (property.Value.ValueKind == JsonValueKind.Object)
            {
                Walk(property.Value, package.Length == 0 ? property.Name : package + "." + property.Name, findings);
            }
        }
    }

    private static Finding ToFinding(string tool, string id, Severity severity, JsonElement result)
    {
        var message = result.ValueKind == JsonValueKind.String ? result.GetString()! : Str(result, "msg") ?? result.GetRawText();
        var metadata = result.ValueKind == JsonValueKind.Object && result.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : result;
        var address = Str(metadata, "address") ?? Str(metadata, "resource") ?? "plan";
        var explicitSeverity = ScannerSeverity.FromWord(Str(metadata, "severity"));
        return new Finding(ScannerNames.RuleId(tool, id), explicitSeverity ?? severity, address, message)
        {
            Evidence = new Dictionary<string, object?>
            {
                ["tool"] = tool,
                ["toolRule"] = id,
                ["severityFrom"] = explicitSeverity is null ? id.EndsWith("/deny", StringComparison.Ordinal) ? "deny" : "warn" : "metadata.severity",
            },
        };
    }

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
