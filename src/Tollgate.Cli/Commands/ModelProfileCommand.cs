using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Cli.Reports;
using Tollgate.Domain.Reports;
using Tollgate.Models.Profiles;
using Tollgate.Models.Tables;
using Tollgate.Domain.Inputs;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate model profile FILE -o P [--slice-by COLS] [--exclude COLS]</c>: writes a mergeable profile of a table.</summary>
public static class ModelProfileCommand
{
    public static Command Create(CliHost host)
    {
        var file = new Argument<string>("file") { Description = "Table to profile (CSV or Parquet)" }.WhenEmpty("give a table (CSV or Parquet)");
        var output = new Option<string>("--output", "-o") { Description = "Profile file to write (JSON)", Required = true }.RefusedByItsCommand();
        var sliceBy = new Option<string?>("--slice-by") { Description = "Columns to slice by, comma-separated (drift must use the same)" }.EmptyMeansNone();
        var exclude = new Option<string?>("--exclude") { Description = "Columns that are no features (a request id, a timestamp), comma-separated: left out of the profile" }.EmptyMeansNone();
        var command = new Command("profile", "Write a mergeable profile (log-bucket histograms, category counts) per slice and feature");
        command.Arguments.Add(file);
        command.Options.Add(output);
        command.Options.Add(sliceBy);
        command.Options.Add(exclude);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = OptionPath.Full(host, parse.GetValue(file)!, "FILE", "give a table (CSV or Parquet)");
            OutputGuard.Check("--output", parse.GetValue(output)!, host.WorkingDirectory, [path], null, []);
            var (slices, excluded) = (ModelDriftCommand.SliceColumns(parse.GetValue(sliceBy)), ModelDriftCommand.Split(parse.GetValue(exclude)));
            // A misspelt column is told from the header, before the whole table is read.
            TableHeader.Require(path, [.. await TableHeader.NamesAsync(path, cancellationToken)], (slices, "--slice-by"), (excluded, "--exclude"));
            var table = await TableFile.ReadAsync(path, slices, cancellationToken);
            var profile = ProfileFile.Make(table, slices, excluded);
            var target = OptionPath.Full(host, parse.GetValue(output)!, "--output", "give the profile file to write");
            await OutputFile.WriteAsync(target, (stream, _) => { ProfileFile.Write(profile, stream); return Task.CompletedTask; }, "the profile", cancellationToken);
            // Features, not columns: the slice columns and the excluded ones are not profiled as features.
            var features = table.Columns.Count(c => !slices.Contains(c.Name) && !excluded.Contains(c.Name));
            await host.Out.WriteLineAsync($"profiled {table.Rows} rows, {Counted.Of(features, "feature")} (of {Counted.Of(table.Columns.Count, "column")}), {Counted.Of(profile.Slices.Count, "slice")} into {target}");
            return 0;
        });
        return command;
    }
}
