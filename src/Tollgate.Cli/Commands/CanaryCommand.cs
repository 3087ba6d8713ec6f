using System.CommandLine;
using System.Globalization;
using System.Text;
using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Reporting;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Cli.Reports;
using Tollgate.Domain;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate canary --spec FILE</c>: canary against baseline per slice from Prometheus. One evaluation of the window
/// ending at <c>--at</c>, or with <c>--watch</c> one every interval until promote or roll back. Every verdict goes to the ledger.
/// </summary>
public static class CanaryCommand
{
    public static Command Create(CliHost host)
    {
        var spec = new Option<FileInfo>("--spec") { Description = "The canary spec (YAML): groups, slices, metrics and bounds", Required = true };
        var at = new Option<string?>("--at") { Description = "End of the window: RFC 3339 or Unix seconds (default: now)" };
        var watch = new Option<bool>("--watch") { Description = "Re-evaluate every interval until promote or roll back; exit 0 / 1 / 2" };
        var maxWait = new Option<string?>("--max-wait") { Description = "With --watch: give up (hold, exit 2) after this long (default: twice the window)" };
        var prometheus = new Option<string?>("--prometheus") { Description = "Prometheus URL (overrides the spec's prometheus:)" };
        var record = new Option<DirectoryInfo?>("--record") { Description = "Save every Prometheus response in this directory" };
        var replay = new Option<DirectoryInfo?>("--replay") { Description = "Judge again offline from responses saved with --record" };
        var common = new CommonOptions();
        var command = new Command("canary", "Judge a canary against its baseline per slice: SLOs and relative bounds, exact tests, anytime-valid sequential evidence");
        foreach (var option in (Option[])[spec, at, watch, maxWait, prometheus, record, replay])
        {
            command.Options.Add(option);
        }

        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = SpecLoader.Load(Path.GetFullPath(parse.GetValue(spec)!.ToString(), host.WorkingDirectory)) with
            {
                Path = parse.GetValue(spec)!.ToString(),
            };
            var replayDir = parse.GetValue(replay);
            var recordDir = parse.GetValue(record);
            if (replayDir is not null && (parse.GetValue(watch) || recordDir is not null))
            {
                throw new InvalidInputException("--replay judges one recorded evaluation: it cannot be combined with --watch or --record");
            }

            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var (source, sourceName) = OpenSource(host, loaded, parse.GetValue(prometheus), recordDir, replayDir, http);
            var run = new CanaryRun(host, loaded, new CanaryEvaluator(loaded, source), sourceName);
            await using var ledger = await common.OpenLedgerAsync(parse, host, cancellationToken);
            Report report;
            if (parse.GetValue(watch))
            {
                var wait = parse.GetValue(maxWait) is { } text
                    ? PromDuration.TryParse(text, out var d) ? d : throw new InvalidInputException($"--max-wait {text} is not a duration like 10m")
                    : loaded.Window * 2;
                report = await run.WatchAsync(ledger, wait, cancellationToken);
            }
            else
            {
                var end = parse.GetValue(at) is { } atText ? ParseTime(atText) : replayDir is not null ? RecordedAt(replayDir) : Truncate(host.Clock.GetUtcNow());
                if (recordDir is not null)
                {
                    await File.WriteAllTextAsync(Path.Combine(recordDir.FullName, "evaluation.json"), $"{{\"at\": {end.ToUnixTimeSeconds()}}}\n", cancellationToken);
                }

                report = await run.OnceAsync(end, cancellationToken);
                await ledger.RecordAsync(report, cancellationToken);
            }

            await WriteAsync(host, report, parse.GetValue(common.Format), parse.GetValue(common.Output));
            return report.ExitCode;
        });
        return command;
    }

    private static (IMetricSource Source, string Name) OpenSource(
        CliHost host, CanarySpec spec, string? prometheus, DirectoryInfo? record, DirectoryInfo? replay, HttpClient http)
    {
        if (replay is not null)
        {
            return Directory.Exists(replay.FullName)
                ? (new ReplaySource(replay.FullName), "replay:" + replay.FullName)
                : throw new InvalidInputException($"--replay {replay.FullName}: no such directory");
        }

        Uri? url = spec.Prometheus;
        if (prometheus is not null && (!Uri.TryCreate(prometheus, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
        {
            throw new InvalidInputException($"--prometheus {PrometheusUrl.RedactText(prometheus)} is not an http(s) URL");
        }

        if (url is null)
        {
            throw new InvalidInputException($"{spec.Path}: no Prometheus URL: set prometheus: in the spec or pass --prometheus");
        }

        var recorder = record is null ? null : new ResponseRecorder(record.FullName);
        var source = new PrometheusSource(http, url, new PrometheusOptions(spec.Timeout), host.Clock, recorder);
        return (source, source.BaseUrl);
    }

    public static DateTimeOffset ParseTime(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            // Unix seconds from 1970 to the end of year 9999, the range a time can have.
            return double.IsFinite(seconds) && seconds >= 0 && seconds < 253_402_300_800
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
                : throw new InvalidInputException($"--at {text} is out of range: Unix seconds from 0 to 253402300799 (year 9999)");
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new InvalidInputException($"--at {text} is neither RFC 3339 (2026-01-10T10:00:00Z) nor Unix seconds");
    }

    public static DateTimeOffset Truncate(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());

    private static DateTimeOffset RecordedAt(DirectoryInfo replay)
    {
        var file = Path.Combine(replay.FullName, "evaluation.json");
        if (!File.Exists(file))
        {
            throw new InvalidInputException($"--replay {replay.FullName}: no evaluation.json; pass --at with the recorded time");
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(Domain.Inputs.InputFile.ReadBytes(file, file, 1 << 20));
            return DateTimeOffset.FromUnixTimeSeconds(document.RootElement.GetProperty("at").GetInt64());
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentOutOfRangeException)
        {
            throw new InvalidInputException($"--replay {file}: not a recorded evaluation ({{\"at\": Unix seconds}} expected)", e);
        }
    }

    private static async Task WriteAsync(CliHost host, Report report, ReportFormat format, FileInfo? output)
    {
        if (format != ReportFormat.Text)
        {
            await ReportWriter.WriteAsync(host, report, format, output);
            return;
        }

        var text = CanaryTextReport.Render(report);
        if (output is null)
        {
            await host.Out.WriteAsync(text);
            return;
        }

        output.Directory?.Create();
        await File.WriteAllTextAsync(output.FullName, text, new UTF8Encoding(false));
        await host.Error.WriteLineAsync($"{CanaryTextReport.Words(report.Verdict).ToUpperInvariant()}: {report.Reason} (report written to {output.FullName})");
    }
}
