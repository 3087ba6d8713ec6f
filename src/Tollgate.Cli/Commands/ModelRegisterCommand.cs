using System.CommandLine;
using Tollgate.Cli.Reports;
using Tollgate.Ledger.Registry;
using Tollgate.Models.Lineage;
using Tollgate.Models.Registry;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate model register NAME --version V --artifact PATH --dataset PATH...</c>: binds options, runs <see cref="RegisterGate"/>.</summary>
public static class ModelRegisterCommand
{
    public static Command Create(CliHost host)
    {
        var name = new Argument<string>("NAME") { Description = "The model's name" };
        var version = new Option<string>("--version") { Description = "The version to register (immutable once registered)", Required = true };
        var artifact = new Option<string>("--artifact") { Description = "The model artifact: a file or a directory (content-addressed, SHA-256)", Required = true };
        var dataset = new Option<string[]>("--dataset") { Description = "A training dataset: file, directory, DVC lock (dvc.lock, or any file that is one) or .dvc file (dvc add, dvc import); repeat for each", AllowMultipleArgumentsPerToken = true };
        var datasetKind = ModelWhichCommand.DatasetKindOption();
        var commit = new Option<string?>("--code-commit") { Description = "The commit of the training code" };
        var parameters = new Option<string?>("--params") { Description = "Training parameters, a JSON object file" };
        var metrics = new Option<string?>("--metrics") { Description = "Offline metrics, a JSON object file (recorded; never enough to promote)" };
        var openLineage = new Option<string?>("--openlineage") { Description = "Write the registration as an OpenLineage RunEvent to this file" };
        var common = new CommonOptions();
        var command = new Command("register", "Register a model version with its artifact and training data by content digest (lineage-missing without a dataset)")
        {
            name, version, artifact, dataset, datasetKind, commit, parameters, metrics, openLineage,
        };
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new RegisterRequest(parse.GetValue(name)!, parse.GetValue(version)!, parse.GetValue(artifact)!, parse.GetValue(dataset) ?? [])
            {
                DatasetKind = DatasetKinds.Parse(parse.GetValue(datasetKind)),
                CodeCommit = parse.GetValue(commit),
                Params = parse.GetValue(parameters),
                Metrics = parse.GetValue(metrics),
                OpenLineage = parse.GetValue(openLineage),
            };
            return await common.RunGateOnLedgerAsync(parse, host, [request.Artifact, .. request.Datasets, request.Params, request.Metrics], (ledger, context) =>
                new RegisterGate(ModelRegistry.Of(ledger), (path, bytes, token) =>
                    OutputFile.WriteAsync(path, (file, t) => file.WriteAsync(bytes, t).AsTask(), "the OpenLineage event", token)).RunAsync(request, context), cancellationToken);
        });
        return command;
    }
}
