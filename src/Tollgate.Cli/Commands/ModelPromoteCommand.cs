using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Canary.Sources;
using Tollgate.Ledger.Delivery;
using Tollgate.Ledger.Registry;
using Tollgate.Models.Promotion;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate model promote NAME@V --kpi SPEC [--predictions LOG | --prometheus-url URL] [--to canary|production] [--initial]</c>: binds options, runs <see cref="PromoteGate"/>.</summary>
public static class ModelPromoteCommand
{
    public static Command Create(CliHost host)
    {
        var model = new Argument<string>("MODEL") { Description = "NAME@VERSION of the candidate" }.WhenEmpty("give the candidate as NAME@VERSION");
        var kpi = new Option<string?>("--kpi") { Description = "KPI spec (YAML): the business number the model controls, its direction and allowed loss" }.WhenEmpty("give the KPI spec (YAML), or leave --kpi out");
        var predictions = new Option<string?>("--predictions") { Description = "Prediction log (CSV or Parquet) with the serving version, the KPI per request and slice columns (or the spec's prometheus: queries)" }.WhenEmpty("give the prediction log (CSV or Parquet), or leave --predictions out for the KPI spec's prometheus: queries");
        var prometheusUrl = new Option<string?>("--prometheus-url") { Description = "Prometheus URL for a KPI spec with prometheus: queries (overrides its url)" };
        var to = new Option<string>("--to") { Description = "canary or production", DefaultValueFactory = _ => "production" }.WhenEmpty("give canary or production, or leave --to out for production");
        var initial = new Option<bool>("--initial") { Description = "The model's first production version: there is no live version to compare with" };
        var by = new Option<string?>("--by") { Description = "Who promotes (recorded with the stage change)" }.WhenEmpty("name who, or leave --by out");
        var common = new CommonOptions();
        var command = new Command("promote", "Promote a version: to canary on lineage and a fresh drill, to production on the KPI against the live version (or roll back)")
        {
            model, kpi, predictions, prometheusUrl, to, initial, by,
        };
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new PromoteRequest(parse.GetValue(model)!)
            {
                Kpi = parse.GetValue(kpi),
                Predictions = parse.GetValue(predictions),
                PrometheusUrl = parse.GetValue(prometheusUrl),
                To = parse.GetValue(to)!,
                Initial = parse.GetValue(initial),
                Actor = parse.GetValue(by) ?? "",
            };
            using var http = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            return await common.RunGateOnLedgerAsync(parse, host, [request.Kpi, request.Predictions], (ledger, context) =>
                new PromoteGate(ModelRegistry.Of(ledger), DeliveryStore.Of(ledger), (url, timeout) => new PrometheusSource(http, url, new PrometheusOptions(timeout), host.Clock))
                    .RunAsync(request, context), cancellationToken, existing: true);
        });
        return command;
    }
}
