namespace Tollgate.Domain.Registry;

/// <summary>
/// A version entering a stage (<see cref="ModelStages"/>), at a time, by someone, for a reason. Stage events are
/// immutable and only appended, so "which version served at T" is the newest <c>production</c> event at or before T
/// whose version had not left production by then.
/// </summary>
public sealed record StageEvent(string Name, string Version, string Stage, DateTimeOffset At)
{
    public string Actor { get; init; } = "";

    public string Reason { get; init; } = "";
}
