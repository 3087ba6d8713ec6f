using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Cli.Reports;
using Tollgate.Domain;
using Tollgate.Ledger;
using Tollgate.Ledger.Registry;
using Tollgate.Domain.Inputs;

namespace Tollgate.Cli.Commands;

/// <summary>
/// What the ledger's read-only commands (<c>model lineage|which|live</c>, <c>verdicts</c>) share: text or JSON,
/// <c>--output</c>, <c>--ledger</c> opened for reading.
/// </summary>
public sealed class ModelQueryOptions
{
    public Option<string> Format { get; } = new("--format", "-f") { Description = "text or json", DefaultValueFactory = _ => "text" };

    public Option<FileInfo?> Output { get; } = new("--output", "-o") { Description = "Write to this file instead of standard output" };

    public Option<string?> Ledger { get; } = new Option<string?>("--ledger") { Description = "Ledger: a SQLite path (default .tollgate/ledger.db) or a postgres:// URL" }.RefusedByItsCommand();

    public void AddTo(Command command)
    {
        command.Options.Add(Format);
        command.Options.Add(Output);
        command.Options.Add(Ledger);
    }

    public bool Json(ParseResult parse) => parse.GetValue(Format)!.ToLowerInvariant() switch
    {
        "json" => true,
        "text" => false,
        var other => throw new InvalidInputException($"--format {other}: expected text or json"),
    };

    public Task<T> WithRegistryAsync<T>(ParseResult parse, CliHost host, Func<IModelRegistry, Task<T>> work, CancellationToken cancellationToken) =>
        WithLedgerAsync(parse, host, ledger => work(ModelRegistry.Of(ledger)), cancellationToken);

    /// <summary>Runs <paramref name="work"/> on the <c>--ledger</c> opened for reading only (one that is not there is refused, never made).</summary>
    public async Task<T> WithLedgerAsync<T>(ParseResult parse, CliHost host, Func<Domain.Ledger.ILedger, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var ledger = await LedgerLocation.OpenForReadingAsync(parse.GetValue(Ledger), host.WorkingDirectory, host.Clock, cancellationToken);
        return await work(ledger);
    }

    public async Task WriteAsync(ParseResult parse, CliHost host, string text, CancellationToken cancellationToken)
    {
        if (parse.GetValue(Output) is { } file)
        {
            OutputGuard.Check("--output", file.ToString(), host.WorkingDirectory, [], LedgerLocation.SqliteFile(parse.GetValue(Ledger), host.WorkingDirectory), []);
            await OutputFile.WriteTextAsync(Path.GetFullPath(file.ToString(), host.WorkingDirectory), text, "the report", cancellationToken);
            await host.Error.WriteLineAsync($"report written to {file}");
        }
        else
        {
            await host.Out.WriteAsync(text);
        }
    }
}
