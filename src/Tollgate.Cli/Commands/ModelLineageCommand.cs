using System.CommandLine;
using System.Text;
using Tollgate.Cli.Hosting;
using Tollgate.Domain;
using Tollgate.Domain.Registry;
using Tollgate.Models.Registry;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate model lineage NAME[@V]</c>: what trained this version (all versions when none is named), from the ledger.</summary>
public static class ModelLineageCommand
{
    public static Command Create(CliHost host)
    {
        var model = new Argument<string>("MODEL") { Description = "NAME@VERSION, or NAME for every version" }.WhenEmpty("give the model as NAME@VERSION, or its name for every version");
        var query = new ModelQueryOptions();
        var command = new Command("lineage", "What trained a model version: artifact, datasets by content digest, code, parameters, stage history") { model };
        query.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var reference = ModelRef.Parse(parse.GetValue(model)!, "MODEL", versionRequired: false);
            var json = query.Json(parse);
            return await query.WithRegistryAsync(parse, host, async registry =>
            {
                IReadOnlyList<ModelVersion> versions = reference.Version is { } v
                    ? await registry.FindAsync(reference.Name, v, cancellationToken) is { } found ? [found] : []
                    : await registry.VersionsAsync(reference.Name, cancellationToken);
                if (versions.Count == 0)
                {
                    throw new InvalidInputException($"{reference} is not registered");
                }

                var stages = await registry.StagesAsync(reference.Name, cancellationToken);
                await query.WriteAsync(parse, host, json ? Encoding.UTF8.GetString(LineageView.Json(versions, stages)) : LineageView.Text(versions, stages), cancellationToken);
                return 0;
            }, cancellationToken);
        });
        return command;
    }
}
