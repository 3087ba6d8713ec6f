using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Analysis;

/// <summary>Terraform's <c>action_reason</c> values in words (unknown values are shown as they are).</summary>
public static class ActionReasons
{
    public static string Describe(ResourceChange change)
    {
        if (change.Deposed is not null && change.Actions.Deletes)
        {
            return $"a deposed object ({change.Deposed}) left by an earlier create_before_destroy replacement is destroyed";
        }

        var paths = string.Join(", ", change.ReplacePaths.Select(FormatPath));
        return change.ActionReason switch
        {
            "replace_because_cannot_update" when change.ReplacePaths.Any(p => p.Count > 0 && p[0] == "triggers_replace") =>
                "triggers_replace changed",
            "replace_because_cannot_update" when paths.Length > 0 => $"the provider cannot update {paths} in place",
            "replace_because_cannot_update" => "the provider cannot update it in place",
            "replace_because_tainted" => "the object is tainted (a failed apply or `terraform taint`)",
            "replace_by_request" => "replacement was requested with -replace",
            "replace_by_triggers" => "lifecycle.replace_triggered_by fired",
            "delete_because_no_resource_config" => "its resource block was removed from the configuration",
            "delete_because_wrong_repetition" => "the block switched between count and for_each, so the instance key changes type",
            "delete_because_count_index" => "its index is at or beyond the new count",
            "delete_because_each_key" => "its key is no longer in for_each",
            "delete_because_no_module" => "its module call (or that module instance) was removed",
            "delete_because_no_move_target" => "it is the target of a moved block but has no configuration",
            null when change.Actions.Replaces && paths.Length > 0 => $"{paths} forces replacement",
            null when change.Actions.Deletes => "planned for destruction",
            null => "no reason given",
            var other => $"reason: {other}",
        };
    }

    public static string FormatPath(IReadOnlyList<string> path)
    {
        var text = new System.Text.StringBuilder();
        foreach (var step in path)
        {
            if (step.Length > 0 && step.All(char.IsAsciiDigit))
            {
                text.Append('[').Append(step).Append(']');
            }
            else
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }

                text.Append(step);
            }
        }

        return text.ToString();
    }
}
