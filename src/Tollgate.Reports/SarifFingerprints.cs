using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tollgate.Domain.Findings;

namespace Tollgate.Reports;

/// <summary>
/// The <c>partialFingerprints</c> of each SARIF result: the identity of a finding from one run to the next.
/// <c>tollgate/v1</c> is that identity readable: <c>rule:address</c>, then <c>;key=value</c> for each evidence field
/// that tells apart findings of one rule on one address (<see cref="Discriminators"/>: a canary check's metric and
/// slice, a drift finding's slice, a container, a manifest field, a deposed object), in that order. Only names go in,
/// never a figure that changes from run to run (a p-value, a count, a message, a line). Should two results of one run
/// still share it, the second gets <c>#2</c>, the third <c>#3</c>, in the order the report lists them.
/// <c>primaryLocationLineHash</c>, the only fingerprint GitHub code scanning uses
/// (https://docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support-for-code-scanning#result-object),
/// is the same identity in GitHub's shape (<see cref="LineHash"/>), so alerts are tracked by it and not by the text of
/// the line a result points at, which many results share (every finding of a plan JSON is at its line 1).
/// </summary>
public sealed class SarifFingerprints
{
    /// <summary>
    /// The evidence fields that name which of a rule's findings on one address a finding is: stable across runs (a
    /// name, a label set, a field path), where the rest of the evidence is figures or a description.
    /// </summary>
    public static readonly IReadOnlyList<string> Discriminators = ["metric", "slice", "feature", "kpi", "container", "field", "deposed"];

    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    /// <summary>
    /// The fingerprints of <paramref name="finding"/>, unique among those this instance gave before: its
    /// <c>tollgate/v1</c> and its <c>primaryLocationLineHash</c>.
    /// </summary>
    public (string Identity, string LineHash) Next(Finding finding)
    {
        var fingerprint = Of(finding);
        var count = _seen.TryGetValue(fingerprint, out var before) ? before + 1 : 1;
        _seen[fingerprint] = count;
        return (count == 1 ? fingerprint : fingerprint + "#" + count.ToString(CultureInfo.InvariantCulture), LineHash(fingerprint, count));
    }

    /// <summary>
    /// GitHub's <c>primaryLocationLineHash</c> shape (16 hex digits, a colon, the occurrence: <c>39fa2ee980eb94b0:1</c>)
    /// over a finding's identity instead of a line's text: the first 8 bytes of the SHA-256 of
    /// <paramref name="identity"/> (<see cref="Of"/>) in hex, then <paramref name="occurrence"/> (1 for the first
    /// result with that identity, 2 for the second, as <c>#2</c> counts).
    /// </summary>
    public static string LineHash(string identity, int occurrence)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(identity), hash);
        return Convert.ToHexStringLower(hash[..8]) + ":" + occurrence.ToString(CultureInfo.InvariantCulture);
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
