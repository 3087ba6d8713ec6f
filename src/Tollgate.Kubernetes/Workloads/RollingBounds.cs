using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tollgate.Domain;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Workloads;

/// <summary>
/// A rolling update's <c>maxUnavailable</c> and <c>maxSurge</c> as Kubernetes reads them (k8s.io/kubernetes
/// pkg/apis/apps/validation: <c>ValidatePositiveIntOrPercent</c>, <c>IsNotMoreThan100Percent</c>): a count of 0 or
/// more that fits in 32 bits, or a percentage written as digits and <c>%</c> (a string is read as a percentage only,
/// so <c>"1"</c> is refused), and <c>maxUnavailable</c> at most 100% of a Deployment's or a StatefulSet's pods. The
/// API server refuses anything else, and Argo Rollouts cannot scale it, so it is bad input (exit 3) with the field's
/// line, never linted: <c>maxSurge: "-5%"</c> or <c>abc</c> passed unread, and <c>maxUnavailable: 200%</c> was linted
/// as "6 of its 3 pods".
/// </summary>
internal static partial class RollingBounds
{
    /// <summary>Refuses <c>maxUnavailable</c> and <c>maxSurge</c> under <paramref name="path"/> (when written) that Kubernetes does not take.</summary>
    public static void Check(KubeObject source, string path)
    {
        foreach (var field in (ReadOnlySpan<string>)["maxUnavailable", "maxSurge"])
        {
            var node = Nodes.Get(source.Node, $"{path}.{field}");
            var problem = node is not JsonValue value ? null : value.GetValueKind() switch
            {
                JsonValueKind.String => Percent(value.GetValue<string>(), capped: field == "maxUnavailable" && source.Kind != "Rollout"),
                JsonValueKind.Number => Count(value.ToJsonString()),
                _ => null,
            };
            if (problem is not null)
            {
                var who = source.Kind == "Rollout" ? "Argo Rollouts cannot scale it" : "the API server refuses it";
                throw new InvalidInputException($"{source.At(node)}: {source}: {path}.{field} {problem} ({who})");
            }
        }

        // Both written as zero: no pod may go down and none may be added, so the update could never replace one
        // (Kubernetes: "may not be 0 when `maxSurge` is 0"; Argo Rollouts refuses the pair too).
        if (Nodes.Get(source.Node, $"{path}.maxUnavailable") is JsonValue unavailable && IsZero(unavailable)
            && Nodes.Get(source.Node, $"{path}.maxSurge") is JsonValue surge && IsZero(surge))
        {
            var who = source.Kind == "Rollout" ? "Argo Rollouts refuses it" : "the API server refuses it";
            throw new InvalidInputException($"{source.At(unavailable)}: {source}: {path}.maxUnavailable may not be 0 when maxSurge is 0: the update could replace no pod ({who})");
        }
    }

    private static bool IsZero(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.Number => value.ToJsonString() == "0",
        JsonValueKind.String => value.GetValue<string>() == "0%",
        _ => false,
    };

    private static string? Percent(string text, bool capped)
    {
        if (!PercentText().IsMatch(text))
        {
            return $"must be a count of 0 or more (unquoted) or a percentage like 25%, not '{text}'";
        }

        return !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var percent) ? $"must be a percentage Kubernetes holds in 32 bits, not {text}"
            : capped && percent > 100 ? $"must be at most 100%, not {text}"
            : null;
    }

    private static string? Count(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? null
        : text.StartsWith('-') ? $"must be 0 or more, not {text}"
        : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _) || text.All(char.IsAsciiDigit) ? $"must be a count of at most 2147483647 (Kubernetes holds it in 32 bits), not {text}"
        : $"must be a whole count or a percentage like 25%, not {text}";

    [GeneratedRegex("^[0-9]+%$")]
    private static partial Regex PercentText();
}
