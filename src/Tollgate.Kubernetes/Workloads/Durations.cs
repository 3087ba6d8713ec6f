using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Workloads;

/// <summary>
/// The durations Tollgate reads as a rollout controller would: Go's <c>1m30s</c> (Flagger's <c>analysis.interval</c>) or
/// a bare number of seconds. An Argo canary step's <c>pause.duration</c> is read as Argo reads it: <see cref="PauseDuration"/>.
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

        var i = 0;
        var total = 0.0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            var unit = text[i..] switch
            {
                var u when u.StartsWith("ms", StringComparison.Ordinal) => ("ms", 0.001),
                var u when u.StartsWith('h') => ("h", 3600.0),
                var u when u.StartsWith('m') => ("m", 60.0),
                var u when u.StartsWith('s') => ("s", 1.0),
                _ => ("", 0.0),
            };
            if (unit.Item1.Length == 0)
            {
                return false;
            }

            total += amount * unit.Item2;
            i += unit.Item1.Length;
        }

        duration = TimeSpan.FromSeconds(total);
        return text.Length > 0 && total < TimeSpan.MaxValue.TotalSeconds;
    }
}
