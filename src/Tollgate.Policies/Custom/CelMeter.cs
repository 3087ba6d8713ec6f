using System.Diagnostics;

namespace Tollgate.Policies.Custom;

/// <summary>
/// Counts the steps of one evaluation (each call of the metering function guarding a comprehension body) and stops
/// it when it runs over its steps or its time, or is cancelled: from then on the guard answers false, every body is
/// skipped, and <see cref="Stopped"/> says why.
/// </summary>
internal sealed class CelMeter(long maxSteps, long deadline, CancellationToken cancellationToken)
{
    /// <summary>The name of the metering function in instrumented expressions; not a valid name for users to call.</summary>
    public const string FunctionName = "__tollgate_step";

    [ThreadStatic]
    private static CelMeter? _current;

    private long _steps;

    public long Steps => _steps;

    public static CelMeter? Current
    {
        get => _current;
        set => _current = value;
    }

    /// <summary>Why the evaluation was stopped, or null.</summary>
    public string? Stopped { get; private set; }

    public static object? Step(object?[] arguments) => _current?.Count() ?? true;

    private bool Count()
    {
        if (Stopped is not null)
        {
            return false;
        }

        if (++_steps > maxSteps)
        {
            Stopped = $"took more than {maxSteps:N0} steps";
        }
        else if ((_steps & 1023) == 0)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                Stopped = "was cancelled";
            }
            else if (Stopwatch.GetTimestamp() > deadline)
            {
                Stopped = "ran out of time";
            }
        }

        return Stopped is null;
    }
}
