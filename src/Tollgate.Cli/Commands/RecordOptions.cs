using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Delivery.Deploys;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Ledger;
using Tollgate.Ledger;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Cli.Commands;

/// <summary>
/// What the commands that record a delivery fact (<c>deploy start|finish</c>, <c>drill record|run</c>) share: the
/// SERVICE argument, an optional <c>--at</c> and <c>--ledger</c>, and the delivery store they open.
/// </summary>
public sealed class RecordOptions(string service, string? at = null)
{
    public Argument<string> Service { get; } = new Argument<string>("SERVICE") { Description = service }.WhenEmpty("give the service's name");

    public TimeOption At { get; } = new("--at", at ?? "When: RFC 3339 (UTC when it names no offset) or Unix seconds (default now)");

    public Option<string?> Ledger { get; } = new Option<string?>("--ledger") { Description = "Ledger: a SQLite path (default .tollgate/ledger.db) or a postgres:// URL" }.RefusedByItsCommand();

    /// <summary>Adds SERVICE, <c>--at</c> (unless <paramref name="withAt"/> is false) and <c>--ledger</c> around the command's own options.</summary>
    public Command Command(string name, string description, bool withAt, params Option[] options)
    {
        var command = new Command(name, description) { Service };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        if (withAt)
        {
            command.Options.Add(At.Option);
        }

        command.Options.Add(Ledger);
        return command;
    }

    public string ServiceOf(ParseResult parse) => NonEmpty(parse.GetValue(Service), "SERVICE");

    /// <summary>SERVICE for a command that records it: no control character, no '/' (<see cref="DeliveryNames.Recordable"/>).</summary>
    public string RecordedServiceOf(ParseResult parse) => Recorded(parse.GetValue(Service), "SERVICE", keyPart: true);

    /// <summary>
    /// <c>--at</c>, else now. A time in the future is refused: it records nothing that happened, and a drill or deploy
    /// dated years ahead would stay the newest (a drill that never goes stale, a deploy no finish can close). Once the
    /// fact is recorded, <see cref="TimeOption.WriteNote"/> says how a time without an offset was read.
    /// </summary>
    public DateTimeOffset AtOf(ParseResult parse, CliHost host)
    {
        var now = host.Clock.GetUtcNow();
        if (At.TextOf(parse) is not { } text || At.ValueOf(parse) is not { } at)
        {
            return now;
        }

        return ClockSkew.NotAhead(at, "--at", text, now, "--at backfills what already happened");
    }

    /// <summary>
    /// Opens the ledger <c>--ledger</c> names and runs <paramref name="work"/> on its delivery tables; with
    /// <paramref name="existing"/> (the work reads what was recorded) a ledger that is not there is bad input.
    /// </summary>
    public Task<T> WithStoreAsync<T>(ParseResult parse, CliHost host, Func<IDeliveryStore, Task<T>> work, CancellationToken cancellationToken, bool existing = false) =>
        WithStoreAsync(parse, host, (store, _) => work(store), cancellationToken, existing);

    /// <summary>
    /// As <see cref="WithStoreAsync{T}(ParseResult, CliHost, Func{IDeliveryStore, Task{T}}, CancellationToken, bool)"/>, for
    /// work that also reads the ledger's other tables (<c>deploy start</c> reads a watch's verdict).
    /// </summary>
    public async Task<T> WithStoreAsync<T>(ParseResult parse, CliHost host, Func<IDeliveryStore, ILedger, Task<T>> work, CancellationToken cancellationToken, bool existing = false)
    {
        await using var opened = existing
            ? await LedgerLocation.OpenExistingAsync(parse.GetValue(Ledger), host.WorkingDirectory, host.Clock, cancellationToken)
            : await LedgerLocation.OpenAsync(parse.GetValue(Ledger), host.WorkingDirectory, host.Clock, cancellationToken);
        return await work(DeliveryStore.Of(opened), opened);
    }

    /// <summary><c>--new-service</c>: records SERVICE though the ledger knows a service of a nearly identical name.</summary>
    public static Option<bool> NewService() => new(NewTarget.NewServiceOption)
    {
        Description = "Record SERVICE even though the ledger has a service of a nearly identical name (chekout beside checkout is refused without it)",
    };

    /// <summary><c>--new-environment</c>: records --env though the ledger knows an environment of a nearly identical name.</summary>
    public static Option<bool> NewEnvironment() => new(NewTarget.NewEnvironmentOption)
    {
        Description = "Record --env even though the ledger has an environment of a nearly identical name (prod beside production is refused without it)",
    };

    public static string NonEmpty(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidInputException($"{name} must not be empty") : value.Trim();

    /// <summary>
    /// A name a command records (SERVICE, <c>--env</c> with <paramref name="keyPart"/>; <c>--version</c> without):
    /// trimmed, refused when empty or when it has a character the rule refuses (<see cref="DeliveryNames.Recordable"/>).
    /// </summary>
    public static string Recorded(string? value, string name, bool keyPart) => DeliveryNames.Checked(NonEmpty(value, name), name, keyPart);
}
