using System.Text.Json;
using Tollgate.Domain.Policies;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.PolicyRules;

/// <summary>
/// The variables a custom rule sees, as plain CEL values (strings, 64-bit ints, doubles, booleans, lists, maps).
/// <c>change</c>: address, type, name, module, mode, provider, actions, reason, before, after, tags. Values the plan
/// marks sensitive are replaced by <c>"(sensitive)"</c> before any expression can read them.
/// <c>plan</c>: the summary counts and <c>changes</c> (everything that is created, updated, destroyed, replaced or forgotten).
/// </summary>
public static class ChangeValues
{
    public const string Masked = "(sensitive)";

    public static Dictionary<string, object?> Plan(PlanSummary summary) => new(StringComparer.Ordinal)
    {
        ["create"] = (long)summary.Create,
        ["update"] = (long)summary.Update,
        ["delete"] = (long)summary.Delete,
        ["replace"] = (long)summary.Replace,
        ["forget"] = (long)summary.Forget,
        ["read"] = (long)summary.Read,
        ["noop"] = (long)summary.NoOp,
        ["changes"] = (long)(summary.Create + summary.Update + summary.Delete + summary.Replace + summary.Forget),
    };

    public static Dictionary<string, object?> Change(ResourceChange change)
    {
        var before = Convert(change.Before, change.BeforeSensitive);
        var after = Convert(change.After, change.AfterSensitive);
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["address"] = change.Address,
            ["type"] = change.Type,
            ["name"] = change.Name,
            ["module"] = change.ModuleAddress,
            ["mode"] = change.Mode,
            ["provider"] = change.ProviderName,
            ["actions"] = change.Actions.Values.Cast<object?>().ToList(),
            ["reason"] = change.ActionReason ?? "",
            ["before"] = before,
            ["after"] = after,
            ["tags"] = Tags(change.Type, change.Actions.IsPureDelete ? before : after),
        };
    }

    /// <summary>Variables for the load-time dry run: every field present, as on a real create.</summary>
    public static Dictionary<string, object?> Sample(CustomRuleScope scope)
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal) { ["plan"] = Plan(new PlanSummary(1, 0, 0, 0, 0, 0, 0)) };
        if (scope == CustomRuleScope.Change)
        {
            variables["change"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["address"] = "terraform_data.sample", ["type"] = "terraform_data", ["name"] = "sample", ["module"] = "",
                ["mode"] = "managed", ["provider"] = "terraform.io/builtin/terraform", ["actions"] = new List<object?> { "create" },
                ["reason"] = "", ["before"] = null, ["after"] = new Dictionary<string, object?>(StringComparer.Ordinal),
                ["tags"] = new Dictionary<string, object?>(StringComparer.Ordinal),
            };
        }

        return variables;
    }

    /// <summary>
    /// The resource's tags: <c>tags</c>, else <c>tags_all</c>; for <c>terraform_data</c>, the <c>tags</c> key of its
    /// <c>input</c> object, so policies can be tried without a cloud provider. Empty when there are none.
    /// </summary>
    private static Dictionary<string, object?> Tags(string type, object? values)
    {
        if (values is not Dictionary<string, object?> map)
        {
            return new Dictionary<string, object?>(StringComparer.Ordinal);
        }

        if (map.GetValueOrDefault("tags") is Dictionary<string, object?> tags)
        {
            return tags;
        }

        if (map.GetValueOrDefault("tags_all") is Dictionary<string, object?> all)
        {
            return all;
        }

        return type == "terraform_data" && map.GetValueOrDefault("input") is Dictionary<string, object?> input && input.GetValueOrDefault("tags") is Dictionary<string, object?> inputTags
            ? inputTags
            : new Dictionary<string, object?>(StringComparer.Ordinal);
    }

    private static object? Convert(JsonElement value, JsonElement sensitive)
    {
        if (sensitive.ValueKind == JsonValueKind.True)
        {
            return Masked;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in value.EnumerateObject())
                {
                    var mask = sensitive.ValueKind == JsonValueKind.Object && sensitive.TryGetProperty(property.Name, out var m) ? m : default;
                    map[property.Name] = Convert(property.Value, mask);
                }

                return map;
            case JsonValueKind.Array:
                var list = new List<object?>();
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    var mask = sensitive.ValueKind == JsonValueKind.Array && index < sensitive.GetArrayLength() ? sensitive[index] : default;
                    list.Add(Convert(item, mask));
                    index++;
                }

                return list;
            case JsonValueKind.String:
                return value.GetString();
            case JsonValueKind.Number:
                return value.TryGetInt64(out var whole) ? whole : value.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }
}
