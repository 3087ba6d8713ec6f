using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Ledger.Registry;
using Tollgate.Models.Shadow;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate model shadow NAME@CANDIDATE --live NAME@LIVE --predictions LOG</c>: binds options, runs <see cref="ShadowGate"/>.</summary>
public static class ModelShadowCommand
{
    public static Command Create(CliHost host)
    {
        var candidate = new Argument<string>("CANDIDATE") { Description = "NAME@VERSION in shadow" }.WhenEmpty("give the candidate as NAME@VERSION");
        var live = new Option<string>("--live") { Description = "NAME@VERSION serving the same requests", Required = true }.WhenEmpty("give the live version as NAME@VERSION");
        var predictions = new Option<string>("--predictions") { Description = "Prediction log (CSV or Parquet): request_id, model_version, prediction, optional label, slice columns", Required = true }.WhenEmpty("give the prediction log (CSV or Parquet)");
        var sliceBy = new Option<string?>("--slice-by") { Description = "Columns to slice by, comma-separated" }.EmptyMeansNone();
        var minAgreement = new Option<double>("--min-agreement") { Description = "Smallest share of requests both models must classify alike", DefaultValueFactory = _ => 0.9 };
        var threshold = new Option<double>("--threshold") { Description = "A numeric prediction is positive at or above this score", DefaultValueFactory = _ => 0.5 };
        var maxDrop = new Option<double>("--max-accuracy-drop") { Description = "Accuracy the candidate may lose on labelled requests (0.01 = one point)", DefaultValueFactory = _ => 0 };
        var minPairs = new Option<int>("--min-pairs") { Description = "Fewer paired requests than this in a slice: not judged", DefaultValueFactory = _ => 100 };
        var common = new CommonOptions();
        var command = new Command("shadow", "Compare a shadow candidate with the live model on the same requests: agreement, score shift per slice, accuracy where labelled")
        {
            candidate, live, predictions, sliceBy, minAgreement, threshold, maxDrop, minPairs,
        };
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new ShadowRequest(parse.GetValue(candidate)!, parse.GetValue(live)!, parse.GetValue(predictions)!)
            {
                SliceBy = ModelDriftCommand.SliceColumns(parse.GetValue(sliceBy)),
                MinAgreement = parse.GetValue(minAgreement) is var a && a >= 0 && a <= 1 ? a : throw new Domain.InvalidInputException($"--min-agreement {Typed(parse, minAgreement, a)} is out of range: a share from 0 to 1 (0.9 = 90%)"),
                Threshold = parse.GetValue(threshold), // not finite (1e999, NaN): refused as the tree is parsed (FiniteNumber)
                MaxAccuracyDrop = parse.GetValue(maxDrop) is var d && d >= 0 && d < 1 ? d : throw new Domain.InvalidInputException($"--max-accuracy-drop {Typed(parse, maxDrop, d)} is out of range: a share from 0 to below 1 (0.01 = one point)"),
                MinPairs = parse.GetValue(minPairs) is var m && m >= 2 ? m : throw new Domain.InvalidInputException($"--min-pairs {m} is too small: a slice needs at least 2 paired requests to be judged"),
            };
            return await common.RunGateOnLedgerAsync(parse, host, [request.Predictions],
                (ledger, context) => new ShadowGate(ModelRegistry.Of(ledger)).RunAsync(request, context), cancellationToken, existing: true);
        });
        return command;
    }

    /// <summary>The value as the user wrote it (1e999, not the Infinity it reads as); the number itself when it was not typed.</summary>
    private static string Typed(ParseResult parse, Option<double> option, double value) =>
        parse.GetResult(option)?.Tokens is [.., var token] ? token.Value : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
