using Tollgate.Canary.Spec;
using Tollgate.Domain;

namespace Tollgate.Canary.Gate;

/// <summary>
/// When a watch (<c>canary --watch</c>, <c>deploy watch|run</c>) gives up with hold: <c>--max-wait</c>, by default
/// twice the window. A watch looks once per interval of the spec, on its multiples, so the deadline must be a whole
/// number of intervals (the last look is then at the deadline itself, never an interval after it) and no shorter
/// than the window (else the watch could never promote). Checked before the watch starts: a deadline it cannot keep
/// is bad input, not a promise overrun.
/// </summary>
public static class WatchDeadline
{
    /// <param name="maxWait"><c>--max-wait</c>, or null for twice the window.</param>
    /// <param name="window">How long the canary must hold.</param>
    /// <param name="interval">The spec's interval: one look each.</param>
    /// <param name="windowSetting">What sets the window, named in the refusal: <c>--window</c> or <c>the spec's window</c>.</param>
    /// <exception cref="InvalidInputException">The watch could never promote, or would look after the deadline.</exception>
    public static TimeSpan Of(TimeSpan? maxWait, TimeSpan window, TimeSpan interval, string windowSetting)
    {
        var deadline = maxWait ?? window * 2;
        if (deadline < window)
        {
            throw new InvalidInputException($"--max-wait {PromDuration.Format(deadline)} is shorter than the window ({PromDuration.Format(window)}): the watch could never promote; lengthen --max-wait or shorten {windowSetting}");
        }

        if (deadline.Ticks % interval.Ticks != 0)
        {
            throw new InvalidInputException($"--max-wait {PromDuration.Format(deadline)} must be a whole number of the spec's interval ({PromDuration.Format(interval)}): the watch looks once per interval");
        }

        return deadline;
    }
}
