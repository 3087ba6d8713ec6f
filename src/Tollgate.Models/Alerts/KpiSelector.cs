using Tollgate.Canary.Spec;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;
using Tollgate.Domain.Reports;

namespace Tollgate.Models.Alerts;

/// <summary>
/// <c>--kpi</c> of <c>model alert-rules</c>: a PromQL series selector
/// (https://prometheus.io/docs/prometheus/latest/querying/basics/#time-series-selectors), which the rules put inside
/// <c>avg_over_time(…[1d])</c>: a metric name, label matchers in braces, or both (<c>conversion_rate{service="checkout"}</c>;
/// Prometheus 3's quoted names, <c>{"conversion.rate"}</c>, too). Anything else, an empty selector (an unset variable),
/// a query (<c>rate(x[5m])</c>), a range or unclosed braces, would be written into rules that Prometheus refuses to
/// load, so it is one line and exit 3 naming the selector and what is wrong at which character.
/// </summary>
public static class KpiSelector
{
    private static readonly string[] Operators = ["=~", "!~", "!=", "="];

    /// <summary><paramref name="selector"/> without its surrounding blanks, or an input error saying why it is not a selector.</summary>
    public static string Check(string selector, string model)
    {
        var text = selector.Trim();
        if (text.Length == 0)
        {
            throw EmptyValue.Error("--kpi", $"give the KPI's series selector, e.g. conversion_rate{{service=\"checkout\"}}, or leave --kpi out for tollgate_model_kpi{{model=\"{model}\"}}");
        }

        return Problem(text) is { } problem
            ? throw new InvalidInputException($"--kpi '{TextSafe.Line(selector)}' is not a PromQL series selector (METRIC, METRIC{{label=\"value\"}} or {{label=\"value\"}}): {problem}")
            : text;
    }

    /// <summary>Why <paramref name="text"/> is not a selector, or null when it is one.</summary>
    internal static string? Problem(string text)
    {
        if (Array.FindIndex(text.ToCharArray(), char.IsControl) is var control and >= 0)
        {
            return $"{Found(text, control)} at character {control + 1}";
        }

        var at = 0;
        var named = Identifier(text, ref at, metric: true);
        Blanks(text, ref at);
        if (at == text.Length)
        {
            return null;
        }

        if (text[at] != '{')
        {
            return $"{Found(text, at)} at character {at + 1}, where {(named ? "'{' or the end" : "a metric name or '{'")} belongs";
        }

        var matchers = 0;
        var selective = named; // a metric name, or a matcher that does not match the empty value
        for (at++; ;)
        {
            Blanks(text, ref at);
            if (at < text.Length && text[at] == '}')
            {
                at++;
                Blanks(text, ref at);
                break;
            }

            var start = at;
            var quoted = Quoted(text, ref at);
            if (!quoted && !Identifier(text, ref at, metric: false))
            {
                return $"{Found(text, at)} at character {at + 1}, where a label name or '}}' belongs";
            }

            Blanks(text, ref at);
            if (Operators.FirstOrDefault(o => text.AsSpan(at).StartsWith(o, StringComparison.Ordinal)) is { } op)
            {
                at += op.Length;
                Blanks(text, ref at);
                var value = at;
                if (Quoted(text, ref at))
                {
                    selective |= !MatchesEmpty(op, PromString.Unquote(text[value..at]));
                }
                else
                {
                    return at < text.Length && PromString.IsQuote(text[at])
                        ? $"the string at character {at + 1} is not closed"
                        : $"{Found(text, at)} at character {at + 1}, where a quoted value belongs";
                }
            }
            else if (!quoted)
            {
                return $"{Found(text, at)} at character {at + 1}, where =, !=, =~ or !~ belongs";
            }
            else if (named)
            {
                return $"the quoted name at character {start + 1} names the metric a second time";
            }
            else
            {
                selective = true; // a quoted metric name: {"conversion.rate"}
            }

            matchers++;
            Blanks(text, ref at);
            if (at < text.Length && text[at] == ',')
            {
                at++;
            }
            else if (at >= text.Length || text[at] != '}')
            {
                return at >= text.Length ? "'{' is not closed" : $"{Found(text, at)} at character {at + 1}, where ',' or '}}' belongs";
            }
        }

        return at < text.Length ? $"{Found(text, at)} at character {at + 1}, after the selector's '}}'"
            : !named && matchers == 0 ? "'{}' selects no series: name the metric or a label"
            : !selective ? "every matcher also matches series without the label (an empty value): name the metric, or add a matcher such as label=\"value\" or label!=\"\""
            : null;
    }

    /// <summary>
    /// Whether a matcher is true of a series that lacks the label (its value is empty). Prometheus refuses a selector
    /// without a metric name whose matchers all are, as it would select every series
    /// (https://prometheus.io/docs/prometheus/latest/querying/basics/#time-series-selectors). A regular expression .NET
    /// cannot read (RE2's own syntax) counts as not matching, so only a sure refusal is reported.
    /// </summary>
    private static bool MatchesEmpty(string op, string value) => op switch
    {
        "=" => value.Length == 0,
        "!=" => value.Length > 0,
        "=~" => FullMatchOfEmpty(value) is true,
        _ => FullMatchOfEmpty(value) is false,
    };

    private static bool? FullMatchOfEmpty(string pattern)
    {
        try
        {
            return System.Text.RegularExpressions.Regex.IsMatch("", $"^(?:{pattern})$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static bool Identifier(string text, ref int at, bool metric)
    {
        static bool First(char c, bool metric) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (metric && c == ':');
        if (at >= text.Length || !First(text[at], metric))
        {
            return false;
        }

        while (at < text.Length && (First(text[at], metric) || char.IsAsciiDigit(text[at])))
        {
            at++;
        }

        return true;
    }

    /// <summary>Past a closed PromQL string at <paramref name="at"/> (<see cref="PromString"/>); false, <paramref name="at"/> unmoved, when there is none.</summary>
    private static bool Quoted(string text, ref int at)
    {
        if (at >= text.Length || !PromString.IsQuote(text[at]) || !PromString.Closed(text, at))
        {
            return false;
        }

        at = PromString.Skip(text, at);
        return true;
    }

    private static void Blanks(string text, ref int at)
    {
        while (at < text.Length && text[at] is ' ' or '\t')
        {
            at++;
        }
    }

    private static string Found(string text, int at) =>
        at >= text.Length ? "the end" : char.IsControl(text[at]) ? $"a control character (U+{(int)text[at]:X4})" : $"'{text[at]}'";
}
