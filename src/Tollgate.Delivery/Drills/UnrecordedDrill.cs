using System.Globalization;
using Tollgate.Delivery.Deploys;
using Tollgate.Delivery.Running;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;
using Tollgate.Ledger.Delivery;

namespace Tollgate.Delivery.Drills;

/// <summary>
/// Records a drill whose steps have run (<see cref="NewTarget.RecordDrillAsync"/>). When the ledger cannot read or write
/// it then (a PostgreSQL server gone, a full disk), the one line of exit 3 says the drill ran, how it went and the
/// <c>drill record</c> that records it once the ledger answers, with the ledger the user gave (password masked): a line
/// reading only "cannot read drills" looked as if nothing ran, and running the drill again to record it rolled the
/// service back a second time.
/// </summary>
public static class UnrecordedDrill
{
    /// <param name="versions">The environment and its versions with <c>drill run --env</c>, else null.</param>
    /// <param name="connection">The ledger option as given, as shell words (<c> --ledger X</c>), or "".</param>
    public static async Task RecordAsync(
        IDeliveryStore store, Drill drill, bool newService, (string Environment, Deploy Current, string Target)? versions, string connection, CancellationToken cancellationToken)
    {
        try
        {
            await NewTarget.RecordDrillAsync(store, drill, newService, cancellationToken); // checked again in the write
        }
        catch (InvalidInputException e) when (e.LedgerFault)
        {
            throw Line(drill, newService, versions, e, connection);
        }
    }

    /// <summary>The line for a drill that ran but could not be recorded because of <paramref name="cause"/>.</summary>
    public static InvalidInputException Line(
        Drill drill, bool newService, (string Environment, Deploy Current, string Target)? versions, InvalidInputException cause, string connection)
    {
        var service = TextSafe.Line(drill.Service);
        var where = versions is { } v
            ? $" in {TextSafe.Line(v.Environment)} (rollback to {TextSafe.Line(v.Target)}, forward to {TextSafe.Line(v.Current.Version)})"
            : "";
        var duration = drill.Duration ?? TimeSpan.Zero;
        var record = $"tollgate drill record {TextSafe.Line(ShellScript.Word(drill.Service))} --result {(drill.Ok ? "ok" : "failed")} "
            + $"--duration {Math.Max(1, (long)Math.Round(duration.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture)}ms --at {Rfc3339.Format(drill.At)}"
            + (newService ? " " + NewTarget.NewServiceOption : "") + TextSafe.Line(connection);
        return new InvalidInputException(
            $"the drill of {service}{where} ran: {(drill.Ok ? "ok" : "FAILED")} in {duration.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s ({TextSafe.Line(drill.Detail)}), "
            + $"but it could not be recorded: {cause.Message}; once the ledger answers, record it with {record} (do not run the drill again to record it: that rolls {service} back again)",
            cause) { LedgerFault = true };
    }
}
