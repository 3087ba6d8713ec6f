using System.Text;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;

namespace Tollgate.Reports;

/// <summary>
/// A pull-request comment: a hidden marker to update it in place, the verdict and a summary table first,
/// the findings that ask for a review with reasons (a plan's destroys and replaces; a canary's checks that roll back or
/// hold, in its own words), then every finding collapsed. A message that starts with its finding's address does not
/// repeat it after the address. Always under GitHub's 65,536-character limit: what does not fit is counted and left to
/// the JSON report.
/// </summary>
public static class MarkdownReport
{
    public const int Limit = 65_536;
    private const int Budget = 60_000;

    public static string Render(Report report)
    {
        var head = new StringBuilder();
        head.Append("<!-- tollgate:").Append(report.Kind).AppendLine(" -->");
        head.Append("### Tollgate ").Append(Icon(report)).Append(' ').Append(Word(report))
            .Append(": ").Append(report.Kind).Append(' ').AppendLine(Code(report.Subject));
        head.AppendLine();
        if (report.Reason.Length > 0)
        {
            head.Append("**").Append(Escape(report.Reason)).AppendLine("**");
            head.AppendLine();
        }

        head.Append('|').AppendJoin('|', report.Summary.Select(kv => " " + kv.Key + " ")).AppendLine("|");
        head.Append('|').AppendJoin('|', report.Summary.Select(_ => "---:")).AppendLine("|");
        head.Append('|').AppendJoin('|', report.Summary.Select(kv => " " + kv.Value + " ")).AppendLine("|");
        head.AppendLine();

        var tail = new StringBuilder();
        foreach (var note in report.Notes)
        {
            tail.Append("> **Note:** ").AppendLine(Escape(note));
        }

        foreach (var approval in report.Approvals)
        {
            tail.Append("Approved by **").Append(Escape(approval.By)).Append("** at ").Append(approval.At.ToString("yyyy-MM-dd HH:mm'Z'"))
                .Append(": ").AppendLine(Escape(approval.Reason));
        }

        tail.AppendLine();
        tail.Append("<sub>digest `").Append(report.Digest).Append("` · ").Append(report.Tool.Name).Append(' ').Append(report.Tool.Version).AppendLine("</sub>");

        var canary = report.Kind == Canary;
        // A canary's table is the text report's list of what decides: each check that rolls back, then each that holds.
        var important = canary
            ? [.. report.Findings.Where(f => f.Severity > Severity.Info).OrderByDescending(f => f.Severity)]
            : report.Findings.Where(f => report.ReviewRules.Contains(f.Rule)).ToList();
        var body = new StringBuilder();
        var omitted = 0;
        if (important.Count > 0)
        {
            body.AppendLine(canary ? "| | Decision | Slice | Check | Why |" : "| | Rule | Resource | Why |");
            body.AppendLine(canary ? "|---|---|---|---|---|" : "|---|---|---|---|");
            foreach (var finding in important)
            {
                var why = finding.Suppression is { } excepted ? $"{Message(finding)} (excepted: {PolicyText.Describe(excepted)})" : Message(finding);
                var row = canary
                    ? $"| {SeverityIcon(finding.Severity)} | {Decision(finding)} | {Code(finding.Address, inTable: true)} | {Code(finding.Rule, inTable: true)} | {Escape(why)} |\n"
                    : $"| {SeverityIcon(finding.Severity)} | {Code(finding.Rule, inTable: true)} | {Code(finding.Address, inTable: true)} | {Escape(why)} |\n";
                if (head.Length + body.Length + row.Length + tail.Length > Budget / 2)
                {
                    omitted++;
                    continue;
                }

                body.Append(row);
            }

            body.AppendLine();
        }

        if (report.Findings.Count > 0)
        {
            // The summary says how many are listed, which is known once the list is made: room is kept for its longest form.
            var details = new StringBuilder();
            var summaryRoom = Summary(report.Findings.Count, report.Findings.Count - 1).Length;
            var hidden = 0;

            // The findings that decide the verdict are kept first: room is reserved for as many as fit, in the
            // report's order, before the others take what is left. Only those that fit are kept rendered (about 400 of
            // 200,000 unapproved destroys): one that did not fit then cannot fit below, where the reserved before it
            // are listed and those after it still owed.
            var reserved = new Dictionary<Finding, string>(ReferenceEqualityComparer.Instance);
            var owed = 0;
            foreach (var finding in DecidingFirst.Deciding(report))
            {
                var item = Item(finding);
                if (head.Length + body.Length + summaryRoom + owed + item.Length + tail.Length <= Budget)
                {
                    reserved[finding] = item;
                    owed += item.Length;
                }
            }

            foreach (var finding in report.Findings)
            {
                var isReserved = reserved.TryGetValue(finding, out var rendered);
                var item = isReserved ? rendered! : Item(finding);
                if (isReserved)
                {
                    owed -= item.Length;
                }
                else if (head.Length + body.Length + summaryRoom + details.Length + owed + item.Length + tail.Length > Budget)
                {
                    hidden++;
                    continue;
                }

                details.Append(item);
            }

            if (hidden > 0)
            {
                details.AppendLine().Append("_").Append(hidden).AppendLine(" more findings do not fit in a comment; see the JSON or SARIF report._");
            }

            details.AppendLine().AppendLine("</details>").AppendLine();
            body.Append(Summary(report.Findings.Count, report.Findings.Count - hidden)).Append(details);
        }

        if (omitted > 0)
        {
            body.Insert(0, $"_{omitted} rows of findings to review do not fit in the table; all are listed below as far as space allows._\n\n");
        }

        return head.Append(body).Append(tail).ToString();
    }

    /// <summary>One finding of the folded list: rule, severity, address, message, its exception and its suggestion.</summary>
    private static string Item(Finding finding)
    {
        var item = new StringBuilder();
        item.Append("- **").Append(Escape(finding.Rule)).Append("** (").Append(finding.Severity.WireName()).Append(") ")
            .Append(Code(finding.Address)).Append(finding.Location is { } at ? $" ({Code(at.ToString())})" : "").Append(": ").AppendLine(Escape(Message(finding)));
        if (finding.Suppression is { } suppression)
        {
            item.Append("  - _excepted_: ").AppendLine(Escape(PolicyText.Describe(suppression)));
        }

        if (finding.Suggestion is { } suggestion)
        {
            var fence = new string('`', Math.Max(3, LongestRun(suggestion, '`') + 1));
            // A manifest lint's suggestion is YAML; the other gates' (Terraform) are HCL.
            item.Append("  ").Append(fence).AppendLine(finding.Rule.StartsWith("k8s/", StringComparison.Ordinal) ? "yaml" : "hcl");
            foreach (var line in suggestion.ReplaceLineEndings("\n").Split('\n'))
            {
                item.Append("  ").AppendLine(line);
            }

            item.Append("  ").AppendLine(fence);
        }

        return item.ToString();
    }

    /// <summary>The folded list's summary: all the findings, or how many of them fit in the comment.</summary>
    private static string Summary(int total, int listed) =>
        listed == total
            ? $"<details><summary>All {total} {(total == 1 ? "finding" : "findings")}</summary>\n\n"
            : $"<details><summary>{listed} of {total} findings</summary>\n\n";

    private const string Canary = "canary";

    /// <summary>The verdict's word: a canary's in deploy words, as its text report says it (PROMOTE, HOLD, ROLL BACK).</summary>
    private static string Word(Report report) => report.Kind != Canary ? report.Verdict.ToString().ToUpperInvariant() : report.Verdict switch
    {
        Domain.Verdicts.Verdict.Pass => "PROMOTE",
        Domain.Verdicts.Verdict.Fail => "ROLL BACK",
        _ => "HOLD",
    };

    /// <summary>What a canary check does to its slice, as the text report labels it.</summary>
    private static string Decision(Finding finding) => finding.Suppression is not null ? "excepted" : finding.Severity >= Severity.High ? "roll back" : "hold";

    /// <summary>The finding's message without its address in front (a canary check's <c>slice: …</c>), which the comment shows beside it.</summary>
    private static string Message(Finding finding) =>
        finding.Address.Length > 0 && finding.Message.StartsWith(finding.Address + ": ", StringComparison.Ordinal) ? finding.Message[(finding.Address.Length + 2)..] : finding.Message;

    private static string Icon(Report report) => report.Verdict switch
    {
        Domain.Verdicts.Verdict.Pass => "✅",
        Domain.Verdicts.Verdict.Fail => "❌",
        _ => "⚠️",
    };

    private static string SeverityIcon(Severity severity) => severity switch
    {
        Severity.Critical => "🛑",
        Severity.High => "🔴",
        Severity.Medium => "🟠",
        _ => "🔵",
    };

    /// <summary>
    /// <paramref name="text"/> as a code span, exactly: fenced by one backtick more than its longest run of them, padded
    /// with a space where it starts or ends with one (CommonMark strips one space from each side); in a table a pipe is
    /// written <c>\|</c>, which GFM reads as a pipe even inside a code span.
    /// </summary>
    private static string Code(string text, bool inTable = false)
    {
        var line = OneLine(text);
        var fence = new string('`', LongestRun(line, '`') + 1);
        var pad = line.StartsWith('`') || line.EndsWith('`') || (line.StartsWith(' ') && line.EndsWith(' ') && line.Trim().Length > 0) ? " " : "";
        var span = fence + pad + line + pad + fence;
        return inTable ? span.Replace("|", "\\|", StringComparison.Ordinal) : span;
    }

    /// <summary>
    /// User text as literal Markdown text on one line: HTML's special characters as entities (a literal <c>&amp;amp;</c>
    /// stays as written), Markdown's emphasis, code, strikethrough and table characters escaped with a backslash, an
    /// underscore only where it could open or close emphasis (not inside <c>for_each</c>), a bracket only where it
    /// would close a link (<c>](</c>); control characters shown (<see cref="TextSafe"/>).
    /// </summary>
    private static string Escape(string text)
    {
        var line = OneLine(text);
        var escaped = new StringBuilder(line.Length + 16);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            _ = c switch
            {
                '&' => escaped.Append("&amp;"),
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                '\\' or '`' or '*' or '|' or '~' => escaped.Append('\\').Append(c),
                '_' when !(i > 0 && char.IsLetterOrDigit(line[i - 1]) && i + 1 < line.Length && char.IsLetterOrDigit(line[i + 1])) => escaped.Append("\\_"),
                ']' when i + 1 < line.Length && line[i + 1] == '(' => escaped.Append("\\]"),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }

    /// <summary>User text on one line: line breaks as spaces, other control characters shown (<see cref="TextSafe"/>).</summary>
    private static string OneLine(string text) => TextSafe.Line(text.ReplaceLineEndings(" "));

    private static int LongestRun(string text, char c)
    {
        int longest = 0, run = 0;
        foreach (var x in text)
        {
            run = x == c ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }
}
