using System.Text.Json;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Rules;

/// <summary>
/// <c>sensitive-change</c>: a value the plan marks sensitive changes (or becomes unknown until apply). Reported by
/// attribute path only: the value itself is never read into a finding.
/// </summary>
public sealed class SensitiveChangeRule : IPlanRule
{
    public RuleInfo Info { get; } = new("sensitive-change", Severity.Low, "A value marked sensitive changes") { Pillar = "Terraform plan" };

    public IEnumerable<Finding> Evaluate(PlanAnalysis analysis)
    {
        // A change whose masks mark nothing has no sensitive path: its values are not even parsed.
        foreach (var change in analysis.Plan.Changes.Where(c => c.MarksSensitive && !c.Actions.IsNoOp && !c.Actions.IsRead))
        {
            var paths = SensitivePaths.Of(change.BeforeSensitive).Union(SensitivePaths.Of(change.AfterSensitive)).Order(StringComparer.Ordinal).ToList();
            var changed = paths.Where(p => Differs(change, p)).ToList();
            if (changed.Count == 0)
            {
                continue;
            }

            var names = string.Join(", ", changed.Select(p => p.Length == 0 ? "(whole value)" : p));
            yield return new Finding(Info.Id, Info.DefaultSeverity, change.Address, $"{change.Address}: sensitive value {names} changes (value hidden)")
            {
                Module = change.ModuleAddress,
                Evidence = new Dictionary<string, object?> { ["attributes"] = changed, ["actions"] = change.Actions.Values },
            };
        }

        foreach (var output in analysis.Plan.OutputChanges.Where(o => o.Sensitive))
        {
            yield return new Finding(Info.Id, Info.DefaultSeverity, "output." + output.Name, $"sensitive output {output.Name} changes ({output.Actions}; value hidden)")
            {
                Evidence = new Dictionary<string, object?> { ["actions"] = output.Actions.Values },
            };
        }
    }

    private static bool Differs(ResourceChange change, string path)
    {
        if (!change.Actions.Deletes && !change.Actions.Creates && !change.Actions.Contains("update"))
        {
            return false;
        }

        var before = SensitivePaths.At(change.Before, path);
        var after = SensitivePaths.At(change.After, path);
        if (before.ValueKind == JsonValueKind.Undefined && after.ValueKind == JsonValueKind.Undefined)
        {
            return change.Actions.Creates || change.Actions.Deletes;
        }

        return before.ValueKind == JsonValueKind.Undefined
            || after.ValueKind == JsonValueKind.Undefined
            || !JsonValues.DeepEquals(before, after);
    }
}
