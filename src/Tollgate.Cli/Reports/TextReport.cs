using System.Text;
using Spectre.Console;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Reports;

namespace Tollgate.Cli.Reports;

/// <summary>
/// The report for people of any kind: a verdict line, the summary (in the kind's words when it has them), then the
/// findings grouped by module, each with where it is declared (file:line, when known), its reason and suggestion. Colour on a terminal, plain text when piped; text
/// from the input or its users (addresses and modules in messages, headings and suggestions, approvers, reasons, exception
/// owners) is shown with its control characters escaped (<see cref="TextSafe"/>): a newline in a resource address cannot
/// start a forged <c>PASS</c> line, an escape sequence cannot clear the screen. JSON keeps the exact text.
/// </summary>
public static class TextReport
{
    /// <summary>
    /// The most findings listed: those that decide the verdict first (<see cref="DecidingFirst"/>), then the most severe;
    /// the rest are counted in one line (JSON lists every one).
    /// </summary>
    public const int MaxFindings = 200;

    /// <summary>The most of a kind's figures (<see cref="Report.TextFacts"/>) listed under the reason.</summary>
    public const int MaxFacts = 20;

    public static string Render(Report report, bool color)
    {
        var (console, buffer) = NewConsole(color);
        var verdict = report.Verdict.WireName().ToUpperInvariant();
        console.MarkupLine($"[bold {VerdictColor(report.Verdict)}]{verdict}[/]  {Markup.Escape(report.Kind)} {Markup.Escape(TextSafe.Line(report.Subject))}");
        if (SummaryLine(report) is { Length: > 0 } summary)
        {
            console.MarkupLine($"  {Markup.Escape(TextSafe.Line(summary))}");
        }

        if (report.Reason.Length > 0)
        {
            console.MarkupLine($"  {Markup.Escape(TextSafe.Line(report.Reason))}");
        }

        var facts = report.Facts.Take(report.TextFacts).ToList();
        foreach (var (key, value) in facts.Take(MaxFacts))
        {
            console.MarkupLine($"  [dim]{Markup.Escape(TextSafe.Line(key))}:[/] {Markup.Escape(TextSafe.Line(value))}");
        }

        if (facts.Count > MaxFacts)
        {
            console.MarkupLine($"  [dim]… and {facts.Count - MaxFacts} more (--format json lists every one)[/]");
        }

        Tail(console, report);
        return buffer.ToString();
    }

    /// <summary>
    /// What follows a report's own lines: its findings (below the policy's <c>failOn</c> too, each with its severity),
    /// notes, approvals and the digest line, as <see cref="Render"/> shows them; for a kind whose text is a table of its
    /// own (<c>drill status</c>), so that its findings and digest read as every report's do.
    /// </summary>
    public static string Tail(Report report, bool color)
    {
        var (console, buffer) = NewConsole(color);
        Tail(console, report);
        return buffer.ToString();
    }

    private static (IAnsiConsole Console, StringWriter Buffer) NewConsole(bool color)
    {
        var buffer = new StringWriter(new StringBuilder());
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(buffer),
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 4096;
        return (console, buffer);
    }

    private static void Tail(IAnsiConsole console, Report report)
    {
        var width = Math.Max(16, report.Findings.Select(f => f.Rule.Length).DefaultIfEmpty(0).Max());
        var indent = new string(' ', width + 10);
        var listing = DecidingFirst.Select(report, MaxFindings);
        var shown = listing.Listed;

        foreach (var group in shown.GroupBy(f => f.Module).OrderBy(g => g.Key.Length == 0 ? "" : g.Key, StringComparer.Ordinal))
        {
            console.WriteLine();
            if (Heading(report.Kind, group.Key) is { } heading)
            {
                console.MarkupLine($"[bold]{Markup.Escape(TextSafe.Line(heading))}[/]");
            }

            foreach (var finding in group)
            {
                var label = finding.Rule.ToUpperInvariant().PadRight(width);
                console.MarkupLine($"  [{SeverityColor(finding.Severity)}]{Markup.Escape(label)}[/] {Markup.Escape(finding.Severity.WireName().PadRight(8))} {Markup.Escape(TextSafe.Line(finding.Message))}");
                if (finding.Location is { } location)
                {
                    console.MarkupLine($"  {indent}[dim]at {Markup.Escape(TextSafe.Line(location.ToString()))}[/]");
                }

                if (finding.Suppression is { } suppression)
                {
                    console.MarkupLine($"  {indent}[green]excepted:[/] {Markup.Escape(TextSafe.Line(PolicyText.Describe(suppression)))}");
                }

                if (finding.Suggestion is { } suggestion)
                {
                    foreach (var line in suggestion.Split('\n'))
                    {
                        console.MarkupLine($"  {indent}[dim]{Markup.Escape(TextSafe.Line(line))}[/]");
                    }
                }
            }
        }

        if (report.Findings.Count > MaxFindings)
        {
            console.WriteLine();
            console.MarkupLine($"[dim]… and {report.Findings.Count - shown.Count} more findings ({Markup.Escape(Listed(listing))}; --format json lists every one)[/]");
        }

        if (report.Notes.Count > 0)
        {
            console.WriteLine();
            foreach (var note in report.Notes)
            {
                console.MarkupLine($"[yellow]note:[/] {Markup.Escape(TextSafe.Line(note))}");
            }
        }

        if (report.Approvals.Count > 0)
        {
            console.WriteLine();
            foreach (var approval in report.Approvals)
            {
                console.MarkupLine($"[green]approved[/] by {Markup.Escape(TextSafe.Line(approval.By))} at {approval.At:yyyy-MM-dd HH:mm}Z: {Markup.Escape(TextSafe.Line(approval.Reason))}");
            }
        }

        console.WriteLine();
        console.MarkupLine($"[dim]digest {Markup.Escape(report.Digest)}[/]");
    }

    /// <summary>What the cut line says is listed: the most severe, or those that decide the verdict and then the most severe.</summary>
    private static string Listed(DecidingFirst.Listing listing) =>
        listing switch
        {
            { ReportOrder: true } => $"the most severe {listing.Listed.Count} are listed",
            { DecidingListed: var listed, Deciding: var all } when listed < all => $"{listed} of the {all} that decide the verdict are listed",
            _ => $"the {Counted.Of(listing.DecidingListed, "finding")} that decide{(listing.DecidingListed == 1 ? "s" : "")} the verdict, then the most severe {listing.Listed.Count - listing.DecidingListed} others, are listed",
        };

    /// <summary>The kind's own summary words when it has them ("3 to create, …"), else the counts; then the findings.</summary>
    private static string SummaryLine(Report report) =>
        report.Headline is { } headline
            ? $"{headline}; {Counted.Of(report.Findings.Count, "finding")}"
            : string.Join(", ", report.Summary.Select(kv => SummaryWords.Of(kv.Key, kv.Value)));

    private static string VerdictColor(Verdict verdict) => verdict switch
    {
        Verdict.Pass => "green",
        Verdict.Fail => "red",
        _ => "yellow",
    };

    // A group's heading: a Terraform module (the root module when none), a Kubernetes namespace; other kinds (drift,
    // canary, deploys) have no groups, so their findings are listed without one.
    internal static string? Heading(string kind, string group) => kind switch
    {
        _ when kind.StartsWith("terraform-", StringComparison.Ordinal) => group.Length == 0 ? "root module" : group,
        _ when kind.StartsWith("k8s-", StringComparison.Ordinal) && group.Length > 0 => "namespace " + group,
        _ => group.Length == 0 ? null : group,
    };

    private static string SeverityColor(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "red",
        Severity.Medium => "yellow",
        _ => "blue",
    };
}
