using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Domain;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Registry;
using Tollgate.Models.Registry;
using Tollgate.Models.Trends;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate model trend --series FILE | --prometheus QUERY --prometheus-url URL</c>: binds options, runs <see cref="TrendGate"/>.</summary>
public static class ModelTrendCommand
{
    public static Command Create(CliHost host)
    {
        var series = new Option<string?>("--series") { Description = "CSV time,value of the KPI (one point per day or window)" }.RefusedByItsCommand();
        var prometheus = new Option<string?>("--prometheus") { Description = "PromQL query returning the KPI as one series (e.g. avg_over_time(kpi[1d])), instead of --series" }.WhenEmpty("give a PromQL query, or leave --prometheus out and give --series");
        var url = new Option<string?>("--prometheus-url") { Description = "Prometheus (or Thanos/Mimir) URL for --prometheus" };
        var range = new Option<string>("--range") { Description = "How far back --prometheus reads, a Prometheus duration", DefaultValueFactory = _ => "60d" };
        var step = new Option<string>("--step") { Description = "One point every STEP from --prometheus", DefaultValueFactory = _ => "1d" };
        var timeout = new Option<string>("--timeout") { Description = "Limit for each Prometheus attempt", DefaultValueFactory = _ => "30s" };
        var model = new Option<string?>("--model") { Description = "The model this series belongs to: the report's subject is MODEL#NAME, exported by tollgate serve" };
        var name = new Option<string?>("--name") { Description = "What the series is (e.g. conversion); default the file's name, or kpi" };
        var baseline = new Option<int?>("--baseline") { Description = "Points that set the in-control level (default: half the series, at most 30; hold when fewer than 2 points follow them)" };
        var alpha = new Option<double>("--alpha") { Description = "Mann-Kendall confirmation level", DefaultValueFactory = _ => 0.01 };
        var direction = new Option<string>("--direction") { Description = "decrease (higher is better) or increase", DefaultValueFactory = _ => "decrease" };
        var minChange = new Option<double>("--min-daily-change") { Description = "Ignore trends slower than this share of the baseline per day (e.g. 0.001)" };
        var common = new CommonOptions();
        var command = new Command("trend", "Alert on a sustained decline (CUSUM/EWMA confirmed by Mann-Kendall), not a spike; Sen slope per day and onset");
        foreach (var option in (Option[])[series, prometheus, url, range, step, timeout, model, name, baseline, alpha, direction, minChange])
        {
            command.Options.Add(option);
        }

        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(series);
            var query = parse.GetValue(prometheus);
            if ((file is null) == (query is null))
            {
                throw new InvalidInputException("give the series as --series FILE or --prometheus QUERY (one of them)");
            }

            var request = new TrendRequest(file is null ? "" : OptionPath.Full(host, file, "--series", "give a CSV file of time,value, or --prometheus QUERY"))
            {
                Shown = file,
                Baseline = parse.GetValue(baseline) is var b && b is null or >= 3 ? b : throw new InvalidInputException($"--baseline {b} is out of range: at least 3 points set the in-control level"),
                Alpha = parse.GetValue(alpha) is var a && a > 0 && a < 1 ? a : throw new InvalidInputException(FormattableString.Invariant($"--alpha {a} is out of range: a probability above 0 and below 1")),
                Direction = parse.GetValue(direction)!,
                MinDailyChange = parse.GetValue(minChange),
                Query = query,
                Range = PromDuration.Parse(parse.GetValue(range)!, "--range"),
                Step = PromDuration.Parse(parse.GetValue(step)!, "--step"),
                Model = Label(parse.GetValue(model), "--model"),
                Name = Label(parse.GetValue(name), "--name"),
            };
            if (request.Range < request.Step * 3)
            {
                throw new InvalidInputException($"--range {parse.GetValue(range)} holds fewer than 3 steps of {parse.GetValue(step)}");
            }

            if (query is null)
            {
                return request.Model is { } named
                    ? await RunForModelAsync(common, parse, host, [request.Series], named, context => TrendGate.RunAsync(request, context), cancellationToken)
                    : await common.RunGateAsync(parse, host, [request.Series], context => TrendGate.RunAsync(request, context), null, cancellationToken);
            }

            var target = parse.GetValue(url) is { } text && Uri.TryCreate(text, UriKind.Absolute, out var address) && address.Scheme is "http" or "https"
                ? address
                : throw new InvalidInputException(parse.GetValue(url) is { } bad ? $"--prometheus-url {PrometheusUrl.RedactText(bad)} is not an http(s) URL" : "--prometheus needs --prometheus-url URL");
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var source = new PrometheusSource(http, target, new PrometheusOptions(PromDuration.Parse(parse.GetValue(timeout)!, "--timeout")), host.Clock);
            return request.Model is { } owner
                ? await RunForModelAsync(common, parse, host, [], owner, context => TrendGate.RunAsync(request, source, context), cancellationToken)
                : await common.RunGateAsync(parse, host, [], context => TrendGate.RunAsync(request, source, context), null, cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// A gate run whose report is recorded under a model's name (<c>drift</c> or <c>trend</c> with <c>--model</c>): a
    /// name the ledger has no version or stage of is refused (exit 3, <see cref="ModelRef.NotRegistered"/>) before
    /// anything is read or recorded, as <c>rollback</c>, <c>drill</c> and <c>live</c> refuse it, since a typo would
    /// silently start a new series; a ledger that is not there has no model registered either.
    /// </summary>
    internal static Task<int> RunForModelAsync(
        CommonOptions common, ParseResult parse, CliHost host, IEnumerable<string?> inputs, string model, Func<GateContext, Task<Report>> gate, CancellationToken cancellationToken) =>
        common.RunGateOnLedgerAsync(parse, host, inputs, async (ledger, context) =>
        {
            await ModelRef.RequireKnownAsync(ModelRegistry.Of(ledger), model, context.Cancellation);
            return await gate(context);
        }, cancellationToken, existing: true);

    /// <summary>A model or series name as a label value: no '#', which separates them in the subject.</summary>
    internal static string? Label(string? text, string option) =>
        text is null ? null
        : text.Length > 0 && !text.Contains('#', StringComparison.Ordinal) && !text.Any(char.IsControl) ? text
        : throw new InvalidInputException($"{option} '{text}': a non-empty name without '#'");
}
