using System.Text.RegularExpressions;

namespace Tollgate.Canary.Spec;

/// <summary>
/// One label matcher of a PromQL selector: <c>code=~"5.."</c> is (<c>code</c>, <c>=~</c>, <c>5..</c>), the value
/// unquoted. A series without the label has it as the empty string, so a matcher that cannot match <c>""</c> selects
/// only series that carry the label (<see cref="MatchesEmpty"/>), per Prometheus' matching rules
/// (https://prometheus.io/docs/prometheus/latest/querying/basics/#instant-vector-selectors).
/// </summary>
public sealed record LabelMatcher(string Name, string Op, string Value)
{
    /// <summary>The matcher operators PromQL has.</summary>
    public static readonly IReadOnlyList<string> Ops = ["=", "!=", "=~", "!~"];

    /// <summary>
    /// True when a series without the label (its value the empty string) matches: <c>=""</c>, <c>!="500"</c>,
    /// <c>=~"5..|"</c>, <c>!~"5.."</c>. A regular expression .NET cannot read (RE2 syntax of its own) counts as
    /// matching: nothing is said about a matcher that cannot be read.
    /// </summary>
    public bool MatchesEmpty() => Op switch
    {
        "=" => Value.Length == 0,
        "!=" => Value.Length != 0,
        "=~" => FullMatchOfEmpty() ?? true,
        _ => FullMatchOfEmpty() is not true,
    };

    /// <summary>The matcher as PromQL writes it, the value quoted: <c>code=~"5.."</c>.</summary>
    public override string ToString() =>
        Name + Op + PromString.Quote(Value);

    // Prometheus anchors a matcher's expression at both ends; null when .NET cannot compile it.
    private bool? FullMatchOfEmpty()
    {
        try
        {
            return Regex.IsMatch("", "^(?:" + Value + ")$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (Exception e) when (e is ArgumentException or RegexMatchTimeoutException)
        {
            return null;
        }
    }
}
