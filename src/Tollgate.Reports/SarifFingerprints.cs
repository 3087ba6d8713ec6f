using System.Collections;
using System.Globalization;
using System.Text;
using Tollgate.Domain.Findings;

namespace Tollgate.Reports;

/// <summary>
/// The <c>partialFingerprints["tollgate/v1"]</c> of each SARIF result, by which code scanning tracks an alert from one
/// run to the next: <c>rule:address</c>, then <c>;key=value</c> for each evidence field that tells apart findings of
/// one rule on one address (<see cref="Discriminators"/>: a canary check's metric and slice, a drift finding's slice,
/// a container, a manifest field, a deposed object), in that order. Only names go in, never a figure that changes
/// from run to run (a p-value, a count, a message, a line). Should two results of one run still share a fingerprint,
/// the second gets <c>#2</c>, the third <c>#3</c>, in the order the report lists them.
/// </summary>
public sealed class SarifFingerprints
{
    /// <summary>
    /// The evidence fields that name which of a rule's findings on one address a finding is: stable across runs (a
    /// name, a label set, a field path), where the rest of the evidence is figures or a description.
    /// </summary>
    public static readonly IReadOnlyList<string> Discriminators = ["metric", "slice", "feature", "kpi", "container", "field", "deposed"];

    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    /// <summary>The fingerprint of <paramref name="finding"/>, unique among those this instance gave before.</summary>
    public string Next(Finding finding)
    {
        var fingerprint = Of(finding);
        var count = _seen.TryGetValue(fingerprint, out var before) ? before + 1 : 1;
        _seen[fingerprint] = count;
        return count == 1 ? fingerprint : fingerprint + "#" + count.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The fingerprint of <paramref name="finding"/> on its own: rule, address and the discriminating evidence.</summary>
    public static string Of(Finding finding)
    {
        var builder = new StringBuilder(finding.Rule).Append(':').Append(finding.Address);
        foreach (var key in Discriminators)
        {
            if (finding.Evidence.TryGetValue(key, out var value) && value is not null)
            {
                builder.Append(';').Append(key).Append('=');
                Append(builder, value);
            }
        }

        return builder.ToString();
    }

    /// <summary>A value as text: a label set as <c>key=value</c> pairs sorted by key, a list joined with commas.</summary>
    private static void Append(StringBuilder builder, object value)
    {
        switch (value)
        {
            case string text:
                builder.Append(text);
                break;
            case IEnumerable<KeyValuePair<string, object?>> labels:
                builder.AppendJoin(',', labels.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + Text(kv.Value)));
                break;
            case IEnumerable<KeyValuePair<string, string>> labels:
                builder.AppendJoin(',', labels.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
                break;
            case IEnumerable items:
                builder.AppendJoin(',', items.Cast<object?>().Select(Text));
                break;
            default:
                builder.Append(Text(value));
                break;
        }
    }

    private static string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
