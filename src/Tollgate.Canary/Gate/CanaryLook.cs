using System.Globalization;
using Tollgate.Canary.Reporting;
using Tollgate.Canary.Spec;
using Tollgate.Domain.Reports;

namespace Tollgate.Canary.Gate;

/// <summary>
/// One look of <c>--watch</c>, as a host shows it: how long the canary has held of the window, how long before the
/// watch gives up, and the look's report (verdict, slice counts, findings). <see cref="Line"/> is its one-line form
/// for logs and pipes; a terminal can draw the same facts in place.
/// </summary>
public sealed record CanaryLook(int Number, TimeSpan Elapsed, TimeSpan Window, TimeSpan UntilDeadline, Report Report)
{
    public long Slices => Count("slices");

    public long Promote => Count("pass");

    public long Hold => Count("hold");

    public long RollBack => Count("fail");

    /// <summary>What is left of the window before a healthy canary may be promoted; zero once it has held all of it.</summary>
    public TimeSpan ToHold => Window > Elapsed ? Window - Elapsed : TimeSpan.Zero;

    /// <summary><c>[3m/10m] hold      20 slices: 18 promote, 2 hold, 0 roll back; 7m to hold: reason</c>.</summary>
    public string Line()
    {
        var when = ToHold > TimeSpan.Zero ? $"{PromDuration.Format(ToHold)} to hold" : $"{PromDuration.Format(UntilDeadline)} before giving up";
        return string.Create(CultureInfo.InvariantCulture,
            $"[{PromDuration.Format(Elapsed)}/{PromDuration.Format(Window)}] {CanaryTextReport.Words(Report.Verdict),-9} {Slices} slice{(Slices == 1 ? "" : "s")}: {Promote} promote, {Hold} hold, {RollBack} roll back; {when}: {Report.Reason}");
    }

    private long Count(string key) => Report.Summary.FirstOrDefault(kv => kv.Key == key).Value;
}
