using Microsoft.Extensions.Logging;
using Tollgate.Domain.Reports;
using Tollgate.Server.Integrations;

namespace Tollgate.Server.Tests.Integrations;

/// <summary>
/// A late write that ends just as the stop gives up on it: the continuation's line and the stop's are one or the other,
/// never both (two 'not recorded late' lines with the report would have an operator record it twice).
/// </summary>
public sealed class LateRecordsRaceTests
{
    private static readonly Report Plan = new("terraform-plan", "plan.json", "sha256:" + new string('a', 64), Domain.Verdicts.Verdict.Fail, [], []);

    [Fact]
    public async Task WriteFailsAsTheStopGivesUp_OneNotRecordedLineOnly()
    {
        var log = new PausingLogger("the write the answer did not wait for failed");
        var late = new LateRecords();
        var writing = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        late.Watch(writing.Task, log, "terraform", "plan.json", Plan);

        writing.SetException(new InvalidOperationException("disk full"));
        (await log.Paused.Task.WaitAsync(TimeSpan.FromSeconds(60))).ShouldBeTrue(); // the continuation is writing its line, not yet settled
        await late.SettleAsync(TimeSpan.Zero, TimeProvider.System);
        log.Resume.Set();
        await late.ClosedAsync(TimeProvider.System);

        log.Lines.Count(l => l.StartsWith("not recorded late", StringComparison.Ordinal)).ShouldBe(1, string.Join('\n', log.Lines));
    }

    [Fact]
    public async Task WriteLandsAsTheStopGivesUp_RecordedLateAndNoNotRecordedLine()
    {
        var log = new PausingLogger("recorded late");
        var late = new LateRecords();
        var writing = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        late.Watch(writing.Task, log, "terraform", "plan.json", Plan);

        writing.SetResult(42);
        (await log.Paused.Task.WaitAsync(TimeSpan.FromSeconds(60))).ShouldBeTrue();
        await late.SettleAsync(TimeSpan.Zero, TimeProvider.System);
        log.Resume.Set();
        await late.ClosedAsync(TimeProvider.System);

        log.Lines.ShouldNotContain(l => l.StartsWith("not recorded late", StringComparison.Ordinal), string.Join('\n', log.Lines));
        log.Lines.Count(l => l.StartsWith("recorded late", StringComparison.Ordinal)).ShouldBe(1, string.Join('\n', log.Lines));
    }

    [Fact]
    public async Task StopGivesUpFirst_FailureLaterLogsNothingMore_LandingLaterSaysSo()
    {
        var log = new PausingLogger("nothing pauses");
        var late = new LateRecords();
        var failing = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var landing = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        late.Watch(failing.Task, log, "terraform", "a.json", Plan);
        late.Watch(landing.Task, log, "terraform", "b.json", Plan);

        await late.SettleAsync(TimeSpan.Zero, TimeProvider.System);
        failing.SetException(new InvalidOperationException("disk full"));
        landing.SetResult(7);
        await late.ClosedAsync(TimeProvider.System);

        log.Lines.Count(l => l.StartsWith("not recorded late", StringComparison.Ordinal)).ShouldBe(2, string.Join('\n', log.Lines));
        log.Lines.ShouldContain(l => l.StartsWith("recorded late terraform b.json", StringComparison.Ordinal));
        late.Pending.ShouldBe(0);
    }

    /// <summary>Holds the first line containing <paramref name="pauseOn"/> on its thread until <see cref="Resume"/> is set.</summary>
    private sealed class PausingLogger(string pauseOn) : ILogger
    {
        private readonly Lock _gate = new();
        private readonly List<string> _lines = [];

        public TaskCompletionSource<bool> Paused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ManualResetEventSlim Resume { get; } = new();

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_gate)
                {
                    return [.. _lines];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = formatter(state, exception);
            lock (_gate)
            {
                _lines.Add(line);
            }

            if (line.Contains(pauseOn, StringComparison.Ordinal) && Paused.TrySetResult(true))
            {
                Resume.Wait(TimeSpan.FromSeconds(60));
            }
        }
    }
}
