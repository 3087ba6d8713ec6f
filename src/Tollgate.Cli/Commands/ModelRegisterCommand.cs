using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Cli.Reports;
using Tollgate.Domain.Inputs;
using Tollgate.Ledger.Registry;
using Tollgate.Models.Lineage;
using Tollgate.Models.Registry;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate model register NAME --version V --artifact PATH --dataset PATH...</c>: binds options, runs <see cref="RegisterGate"/>.</summary>
public static class ModelRegisterCommand
{
    public static Command Create(CliHost host)
    {
        var name = new Argument<string>("NAME") { Description = "The model's name" }.WhenEmpty("give the model's name");
        var version = new Option<string>("--version") { Description = "The version to register (immutable once registered)", Required = true }.WhenEmpty("give the version to register");
        var artifact = new Option<string>("--artifact") { Description = "The model artifact: a file or a directory (content-addressed, SHA-256)", Required = true }.RefusedByItsCommand();
        var dataset = new Option<string[]>("--dataset") { Description = "A training dataset: file, directory, DVC lock (dvc.lock, or any file that is one) or .dvc file (dvc add, dvc import); repeat for each", AllowMultipleArgumentsPerToken = true }.RefusedByItsCommand();
        var datasetKind = ModelWhichCommand.DatasetKindOption();
        var commit = new Option<string?>("--code-commit") { Description = "The commit of the training code" };
        var parameters = new Option<string?>("--params") { Description = "Training parameters, a JSON object file" };
        var metrics = new Option<string?>("--metrics") { Description = "Offline metrics, a JSON object file (recorded; never enough to promote)" };
        var openLineage = new Option<string?>("--openlineage") { Description = "Write the training run as OpenLineage RunEvents (START, then COMPLETE; a line each) to this file" };
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
                    OutputFile.WriteAsync(path, (file, t) => file.WriteAsync(bytes, t).AsTask(), "the OpenLineage event", token)).RunAsync(request, context), cancellationToken,
                prepare: _ => Present(request, host.WorkingDirectory));
        });
        return command;
    }

    /// <summary>
    /// Refuses, before the ledger is opened, a registration naming a file that is not there (a mistyped dataset, an empty
    /// path from an unset variable, an unknown option taken for one): bad input leaves no empty ledger behind to answer
    /// "not registered" later.
    /// </summary>
    private static Task Present(RegisterRequest request, string workingDirectory)
    {
        string Full(string path) => Path.GetFullPath(path, workingDirectory);
        foreach (var (option, path) in request.Datasets.Select(d => ("--dataset", d)).Prepend(("--artifact", request.Artifact)))
        {
            if (EmptyValue.Is(path))
            {
                throw EmptyValue.Error(option, "give a file or directory");
            }

            if (!File.Exists(Full(path)) && !Directory.Exists(Full(path)))
            {
                throw DatasetDigest.Missing(Full(path), path, option);
            }
        }

        foreach (var (option, path) in new[] { ("--params", request.Params), ("--metrics", request.Metrics) })
        {
            if (path is { Length: > 0 } && !Domain.Inputs.InputFile.Present(Full(path)))
            {
                Domain.Inputs.InputFile.CheckKind(Full(path), $"{option} {path}");
            }
        }

        return Task.CompletedTask;
    }
}
