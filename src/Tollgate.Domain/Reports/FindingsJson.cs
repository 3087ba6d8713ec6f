using System.Text.Json;
using Tollgate.Domain.Findings;

namespace Tollgate.Domain.Reports;

/// <summary>
/// Reads back the findings the ledger stores (<see cref="ReportJson.SerializeFindings"/>): rule, severity, address,
/// message, module and suppression, enough to say what a recorded report asked a human to review.
/// </summary>
public static class FindingsJson
{
    public static IReadOnlyList<Finding> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var findings = new List<Finding>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var finding = new Finding(Text(item, "rule"), SeverityExtensions.ParseSeverity(Text(item, "severity")), Text(item, "address"), Text(item, "message"))
            {
                Module = Text(item, "module"),
            };
            if (item.TryGetProperty("suppression", out var suppression))
            {
                finding = finding with
                {
                    Suppression = new Suppression(Text(suppression, "kind"), Text(suppression, "reason"))
                    {
                        Pattern = suppression.TryGetProperty("pattern", out var pattern) ? pattern.GetString() : null,
                    },
                };
            }

            findings.Add(finding);
        }

        return findings;
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
