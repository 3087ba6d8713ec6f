using System.Diagnostics;
using System.Globalization;

namespace Tollgate.Domain.Delivery;

/// <summary>
/// Where an ingest spent its time, stage by stage (read, parse, write, index, days, commit), for
/// <c>tollgate events ingest --timings</c>: wall time per stage as measured by the thread that ran it; parse is the
/// time of the parsing tasks summed over the pieces, which run in parallel with each other and with the writes.
/// </summary>
public sealed class IngestStages
{
    private readonly List<(string Stage, TimeSpan Elapsed)> _stages = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<(string Stage, TimeSpan Elapsed)> Stages
    {
        get
        {
            lock (_gate)
            {
                return [.. _stages];
            }
        }
    }

    /// <summary>Adds <paramref name="elapsed"/> to a stage (a stage measured in several parts sums them).</summary>
    public void Add(string stage, TimeSpan elapsed)
    {
        lock (_gate)
        {
            var i = _stages.FindIndex(s => s.Stage == stage);
            if (i < 0)
            {
                _stages.Add((stage, elapsed));
            }
            else
            {
                _stages[i] = (stage, _stages[i].Elapsed + elapsed);
            }
        }
    }

    /// <summary>Adds the time since <paramref name="started"/> (a <see cref="Stopwatch.GetTimestamp"/>) to a stage.</summary>
    public void Since(string stage, long started) => Add(stage, Stopwatch.GetElapsedTime(started));

    /// <summary>One line: <c>read 0.041 s, parse 2.310 s, …</c>.</summary>
    public override string ToString() =>
        string.Join(", ", Stages.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Stage} {s.Elapsed.TotalSeconds:0.000} s")));
}
