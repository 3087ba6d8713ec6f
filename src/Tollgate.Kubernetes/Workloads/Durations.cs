using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Workloads;

/// <summary>
/// The durations Tollgate reads as a rollout controller would: Go's <c>1m30s</c> (Flagger's <c>analysis.interval</c>) or
/// a bare number of seconds (a Go duration's terms split by <see cref="GoDurationTerms"/>, in <c>h</c>, <c>m</c>,
/// <c>s</c> or <c>ms</c>, unsigned). An Argo canary step's <c>pause.duration</c> is read as Argo reads it: <see cref="PauseDuration"/>.
/// </summary>
internal static class Durations
{
    public static TimeSpan? Read(KubeObject owner, JsonNode? node, string path, string? shownAs = null)
    {
        var value = Nodes.Get(node, path);
        if (value is null)
        {
            return null;
        }

        if (value is JsonValue number && number.GetValueKind() == JsonValueKind.Number)
        {
            return TimeSpan.FromSeconds(Nodes.AsDouble(number));
        }

        var text = Nodes.Text(owner, node, path)!;
        return TryParse(text, out var duration) ? duration : throw Nodes.Wrong(owner, value, shownAs ?? path, "a duration like 30s, 5m or 1h30m");
    }

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds >= 0)
        {
            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }

        if (GoDurationTerms.Split(text) is not { } terms)
        {
            return false;
        }

        var total = 0.0;
        foreach (var (amount, unit) in terms)
        {
            var scale = unit switch
            {
                "ms" => 0.001,
                "h" => 3600.0,
                "m" => 60.0,
                "s" => 1.0,
                _ => (double?)null,
            };
            if (scale is null)
            {
                return false;
            }

            total += amount * scale.Value;
        }

        duration = TimeSpan.FromSeconds(total);
        return text.Length > 0 && total < TimeSpan.MaxValue.TotalSeconds;
    }
}
