using System.Text;
using Tollgate.Domain.Reports;

namespace Tollgate.Cli.Reports;

/// <summary>
/// A summary count in words for the text report: the JSON key <c>dataSources</c> with 1 reads "1 data source", with 0
/// "0 data sources"; a key that is a measure rather than a count reads "hook exit 0", "critical path 2". The JSON keeps
/// its field names; only the text changes.
/// </summary>
public static class SummaryWords
{
    /// <summary>Keys that are a value, not a number of things: shown as "name value".</summary>
    private static readonly HashSet<string> Measures = new(StringComparer.Ordinal) { "hookExit", "criticalPath" };

    /// <summary>Keys that are a quantity in a unit: shown as "81 ms".</summary>
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal) { ["milliseconds"] = "ms" };

    /// <summary>Plurals the rule (drop the "s", "ies" to "y") gets wrong.</summary>
    private static readonly Dictionary<string, string> Irregular = new(StringComparer.Ordinal) { ["aliases"] = "alias", ["series"] = "series" };

    /// <summary>
    /// Keys whose words the camelCase rule gets wrong, with the noun for one and for many: a key that names one thing
    /// (a rule's finding, "trend") or a hyphenated term ("non-inferior").
    /// </summary>
    private static readonly Dictionary<string, (string One, string Many)> Nouns = new(StringComparer.Ordinal)
    {
        ["trend"] = ("trend", "trends"),
        ["nonInferior"] = ("non-inferior", "non-inferior"),
    };

    public static string Of(string key, long value)
    {
        var words = Words(key);
        if (Measures.Contains(key))
        {
            return $"{words} {value}";
        }

        if (Units.TryGetValue(key, out var unit))
        {
            return $"{value} {unit}";
        }

        if (Nouns.TryGetValue(key, out var noun))
        {
            return Counted.Of(value, noun.One, noun.Many);
        }

        return Counted.Of(value, Singular(words), words);
    }

    /// <summary>camelCase as lower-case words: <c>podDisruptionBudgets</c> → "pod disruption budgets".</summary>
    private static string Words(string key)
    {

        var text = new StringBuilder(key.Length + 4);
        foreach (var c in key)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    /// <summary>The last word made singular when it is a plural noun; other words ("judged", "pass") as they are.</summary>
    private static string Singular(string words)
    {
        var space = words.LastIndexOf(' ');
        var last = words[(space + 1)..];
        var one = Irregular.TryGetValue(last, out var irregular) ? irregular
            : last.EndsWith("ies", StringComparison.Ordinal) && last.Length > 4 ? last[..^3] + "y"
            : last.EndsWith('s') && !last.EndsWith("ss", StringComparison.Ordinal) && last.Length > 2 ? last[..^1]
            : last;
        return words[..(space + 1)] + one;
    }
}
