using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Workloads;

/// <summary>
/// What the API server refuses in a PodDisruptionBudget's spec (k8s.io/kubernetes pkg/apis/policy/validation
/// <c>ValidatePodDisruptionBudgetSpec</c>): <c>minAvailable</c> and <c>maxUnavailable</c> both set; either one a
/// negative count, a string that is not digits and <c>%</c> (a quoted <c>"1"</c> is a percentage without its
/// <c>%</c>: <c>ValidatePositiveIntOrPercent</c>), or a percentage above 100% (<c>IsNotMoreThan100Percent</c>). Such a
/// budget never reaches the cluster, so it protects no pod.
/// </summary>
internal static class BudgetBounds
{
    /// <summary>One refusal: the field as kubectl names it, the value as it prints it, what it says, and where.</summary>
    public sealed record Refusal(string Field, string Value, string Problem, string Says, JsonNode? At);

    public static IReadOnlyList<Refusal> Of(KubeObject budget)
    {
        var refusals = new List<Refusal>();
        var min = Nodes.Get(budget.Node, "spec.minAvailable");
        var max = Nodes.Get(budget.Node, "spec.maxUnavailable");
        if (min is not null && max is not null)
        {
            refusals.Add(new("spec", $"{{minAvailable: {Shown(min)}, maxUnavailable: {Shown(max)}}}", "sets both minAvailable and maxUnavailable", "minAvailable and maxUnavailable cannot be both set", max));
        }

        foreach (var (field, node) in new[] { ("spec.minAvailable", min), ("spec.maxUnavailable", max) })
        {
            if (node is JsonValue value && Problem(value) is { } problem)
            {
                refusals.Add(new(field, Shown(value), problem.Problem, problem.Says, value));
            }
        }

        return refusals;
    }

    private static (string Problem, string Says)? Problem(JsonValue value)
    {
        if (value.GetValueKind() == JsonValueKind.Number)
        {
            return value.ToJsonString().StartsWith('-') ? ($"is {value.ToJsonString()}, below 0", "must be greater than or equal to 0") : null;
        }

        if (value.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }

        var text = value.GetValue<string>();
        var digits = text.EndsWith('%') ? text[..^1] : null;
        if (digits is not { Length: > 0 } || !digits.All(char.IsAsciiDigit))
        {
            var quotedCount = text.Length > 0 && text.All(char.IsAsciiDigit);
            return (quotedCount ? $"is \"{text}\", a quoted count, which the API server reads as a percentage without its %" : $"is \"{text}\", neither a count nor a percentage",
                "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')");
        }

        return !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var percent) || percent > 100
            ? ($"is {text}, above 100%", "must not be greater than 100%")
            : null;
    }

    private static string Shown(JsonNode node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? $"\"{v.GetValue<string>()}\"" : node.ToJsonString();
}
