using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Domain;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Statistics.Drift;
using Tollgate.Models.Drift;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate model drift --reference FILE --current FILE [--slice-by COLS] [--features COLS] [--exclude COLS] [--skew] [--model NAME]</c>: binds options, runs <see cref="DriftGate"/>.</summary>
public static class ModelDriftCommand
{
    public static Command Create(CliHost host)
    {
        var reference = new Option<string>("--reference") { Description = "Reference table (CSV or Parquet) or profiles P1,P2 to merge", Required = true }.WhenEmpty("give a table (CSV or Parquet) or profiles P1,P2");
        var current = new Option<string>("--current") { Description = "Current window: a table (CSV or Parquet) or a profile", Required = true }.RefusedByItsCommand();
        var sliceBy = new Option<string?>("--slice-by") { Description = "Columns to slice by, comma-separated; each slice is judged on its own" }.EmptyMeansNone();
        var features = new Option<string?>("--features") { Description = "Compare only these columns, comma-separated (default: every column that is no slice and not excluded)" };
        var exclude = new Option<string?>("--exclude") { Description = "Reference columns that are no features (a request id, a timestamp, a label), comma-separated: not compared" }.EmptyMeansNone();
        var skew = new Option<bool>("--skew") { Description = "Training vs serving: findings are 'skew' instead of 'drift'" };
        var alpha = new Option<double>("--alpha") { Description = "Family-wise error rate across features and slices (Holm)", DefaultValueFactory = _ => 0.05 };
        var minEffect = new Option<double>("--min-effect") { Description = "Smallest effect that counts: W1 in reference σ, or Jensen-Shannon distance", DefaultValueFactory = _ => 0.1 };
        var minRows = new Option<int>("--min-rows") { Description = "Fewer values than this in a window: too small to judge (hold)", DefaultValueFactory = _ => 100 };
        var bins = new Option<int>("--bins") { Description = "Reference-quantile bins for PSI and Jensen-Shannon on numbers", DefaultValueFactory = _ => 10 };
        var ks = new Option<string>("--ks") { Description = "KS p-value: auto, exact or asymptotic", DefaultValueFactory = _ => "auto" };
        var model = new Option<string?>("--model") { Description = "The model these features feed: the report's subject, exported by tollgate serve" };
        var timings = new Option<bool>("--timings") { Description = "Print to standard error the CPU and wall time of the statistics once the columns are read, and of the whole comparison" };
        var common = new CommonOptions();
        var command = new Command("drift", "Per feature and slice: KS, PSI, chi-square, Jensen-Shannon, normalised Wasserstein with sample-size-aware thresholds");
        foreach (var option in (Option[])[reference, current, sliceBy, features, exclude, skew, alpha, minEffect, minRows, bins, ks, model, timings])
        {
            command.Options.Add(option);
        }

        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new DriftRequest(Paths(host, parse.GetValue(reference)!), OptionPath.Full(host, parse.GetValue(current)!, "--current", "give a table (CSV or Parquet) or a profile"))
            {
                Shown = parse.GetValue(current),
                ShownReference = Split(parse.GetValue(reference)),
                SliceBy = SliceColumns(parse.GetValue(sliceBy)),
                Exclude = Split(parse.GetValue(exclude)),
                Features = parse.GetValue(features) is { } chosen ? Split(chosen) is { Length: > 0 } named ? named : throw new InvalidInputException("--features names no column") : null,
                Skew = parse.GetValue(skew),
                Alpha = InRange(parse.GetValue(alpha), "--alpha", 0, 1, "a probability above 0 and at most 1"),
                MinEffect = InRange(parse.GetValue(minEffect), "--min-effect", 0, double.MaxValue, "above 0"),
                MinRows = (int)InRange(parse.GetValue(minRows), "--min-rows", 2, int.MaxValue, "at least 3 rows"),
                Bins = (int)InRange(parse.GetValue(bins), "--bins", 2, 1000, "from 3 to 1000 bins"),
                KsMethod = Enum.TryParse<KsMethod>(parse.GetValue(ks), true, out var method) && !int.TryParse(parse.GetValue(ks), out _)
                    ? method
                    : throw new InvalidInputException($"--ks {parse.GetValue(ks)}: expected auto, exact or asymptotic"),
                Timings = parse.GetValue(timings) ? new DriftTimings() : null,
            };
            var name = ModelTrendCommand.Label(parse.GetValue(model), "--model");
            async Task<Report> Judge(GateContext context)
            {
                var evidence = await DriftGate.EvidenceAsync(request, context.Cancellation);
                if (request.Timings is { } measured)
                {
                    await host.Error.WriteLineAsync(measured.Describe());
                }

                return await GatePipeline.RunAsync(name is null ? evidence : evidence with { Subject = name }, context);
            }

            // The current data first: with --model the subject is no file, and SARIF points at the data that drifted.
            string?[] inputs = [request.Current, .. request.Reference];
            return name is null
                ? await common.RunGateAsync(parse, host, inputs, Judge, null, cancellationToken)
                : await ModelTrendCommand.RunForModelAsync(common, parse, host, inputs, name, Judge, cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// The columns of a <c>--slice-by</c>: none when it is not given, or given empty (<c>--slice-by "$SLICES"</c> with no
    /// slices); one that holds only separators (<c>--slice-by ,</c>) names no column and is refused, as <c>--features</c>
    /// is, rather than read as no slicing.
    /// </summary>
    internal static string[] SliceColumns(string? text) =>
        text is null || text.Trim().Length == 0 ? [] : Split(text) is { Length: > 0 } named ? named : throw new InvalidInputException("--slice-by names no column");

    internal static string[] Split(string? text) =>
        text is null ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string[] Paths(CliHost host, string text) =>
        Split(text) is { Length: > 0 } paths ? paths.Select(p => Path.GetFullPath(p, host.WorkingDirectory)).ToArray() : throw new InvalidInputException("--reference names no file");

    private static double InRange(double value, string name, double low, double high, string range) =>
        value > low && value <= high ? value : throw new InvalidInputException(FormattableString.Invariant($"{name} {value} is out of range: {range}"));
}
