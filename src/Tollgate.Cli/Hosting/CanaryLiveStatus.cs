using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using Tollgate.Canary.Gate;
using Tollgate.Canary.Reporting;
using Tollgate.Canary.Spec;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Cli.Hosting;

/// <summary>
/// <c>canary --watch</c> on a terminal: one status redrawn in place on standard error (a Spectre.Console live
/// display: the look, how long the canary has held and has to hold, slice counts, the slices that hold or roll back),
/// left on screen when the watch ends. Anywhere else (a pipe, a CI log) every look is one line. Slice names and
/// Prometheus' messages are shown with their control characters escaped (<see cref="TextSafe"/>).
/// </summary>
public sealed class CanaryLiveStatus(IAnsiConsole console)
{
    private const int ShownFindings = 8;
    private readonly Lock _gate = new();
    private LiveDisplayContext? _live;
    private string _watching = "";
    private CanaryLook? _look;

    /// <summary>Runs a canary command with the progress its host can show: live on a terminal's stderr when watching, lines otherwise.</summary>
    public static Task<T> RunAsync<T>(CliHost host, bool watch, Func<IProgress<CanaryLook>?, IProgress<string>, Task<T>> run)
    {
        if (!watch || !host.ErrorIsTerminal)
        {
            return run(null, new LineProgress(host.Error));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(host.Error) });
        return new CanaryLiveStatus(console).RunAsync(run);
    }

    public Task<T> RunAsync<T>(Func<IProgress<CanaryLook>?, IProgress<string>, Task<T>> run) =>
        console.Live(Render()).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async context =>
        {
            lock (_gate)
            {
                _live = context;
            }

            return await run(new Sink<CanaryLook>(look => Update(() => _look = look)), new Sink<string>(line => Update(() => _watching = line)));
        });

    /// <summary>The status as it stands: before the first look, a waiting line; after, the last look.</summary>
    public IRenderable Render()
    {
        lock (_gate)
        {
            var rows = new List<IRenderable> { new Markup(Markup.Escape(_watching.Length > 0 ? TextSafe.Line(_watching) : "watching the canary")) };
            if (_look is not { } look)
            {
                rows.Add(new Markup("[grey]waiting for the first look[/]"));
                return new Rows(rows);
            }

            var toHold = look.ToHold > TimeSpan.Zero ? $"{PromDuration.Format(look.ToHold)} to hold" : "window held";
            rows.Add(new Markup(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"look {look.Number} · held {PromDuration.Format(look.Elapsed)} of {PromDuration.Format(look.Window)} · {toHold} · gives up in {PromDuration.Format(look.UntilDeadline)}"))));
            rows.Add(new Markup(string.Create(CultureInfo.InvariantCulture,
                $"{Verdict(look.Report.Verdict)}  {Counted.Of(look.Slices, "slice")}: [green]{look.Promote} promote[/] · [yellow]{look.Hold} hold[/] · [red]{look.RollBack} roll back[/]")));
            var shown = look.Report.Findings.Where(f => f.Suppression is null).OrderByDescending(f => f.Severity).Take(ShownFindings).ToList();
            if (shown.Count > 0)
            {
                var table = new Table().Border(TableBorder.Simple).AddColumn("slice").AddColumn("check").AddColumn("severity").AddColumn("what");
                foreach (var finding in shown)
                {
                    table.AddRow(Markup.Escape(TextSafe.Line(finding.Address)), Markup.Escape(finding.Rule), Markup.Escape(finding.Severity.WireName()), Markup.Escape(TextSafe.Line(finding.Message)));
                }

                rows.Add(table);
            }

            rows.Add(new Markup(Markup.Escape(TextSafe.Line(look.Report.Reason))));
            return new Rows(rows);
        }
    }

    private void Update(Action change)
    {
        LiveDisplayContext? live;
        lock (_gate)
        {
            change();
            live = _live;
        }

        live?.UpdateTarget(Render());
        live?.Refresh();
    }

    private static string Verdict(Verdict verdict) => verdict switch
    {
        Domain.Verdicts.Verdict.Pass => "[bold green]PROMOTE[/]",
        Domain.Verdicts.Verdict.Fail => "[bold red]ROLL BACK[/]",
        _ => $"[bold yellow]{CanaryTextReport.Words(verdict).ToUpperInvariant()}[/]",
    };

    /// <summary>Progress handled on the reporting thread, in order (no synchronization context to post to).</summary>
    private sealed class Sink<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
