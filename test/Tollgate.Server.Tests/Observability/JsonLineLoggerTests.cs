using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tollgate.Server.Observability;

namespace Tollgate.Server.Tests.Observability;

/// <summary>
/// The server's log lines: one JSON object per line with the decision's fields as state, every line written whole and
/// none lost when many threads log at once, and written in batches rather than one write per line.
/// </summary>
public sealed class JsonLineLoggerTests
{
    [Fact]
    public async Task Decision_ManyThreadsAtOnce_EveryLineWholeAndWrittenInBatches()
    {
        var output = new WriteCountingStream();
        const int threads = 8, perThread = 500;
        using (var provider = new JsonLineLoggerProvider(output))
        {
            var log = provider.CreateLogger("tollgate.serve");
            await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(() =>
            {
                for (var i = 0; i < perThread; i++)
                {
                    DecisionLog.Decision(log, "argo-rollouts", $"spec-{t}", "pass", 1.25 + i, "1 slice held error-rate within bounds for 5m ≤ \"2x\"");
                }
            })));
        }

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(threads * perThread);
        var parsed = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        parsed.ShouldAllBe(j => j.GetProperty("EventId").GetInt32() == 1 && j.GetProperty("LogLevel").GetString() == "Information" && j.GetProperty("Category").GetString() == "tollgate.serve");
        var first = parsed.First(j => j.GetProperty("State").GetProperty("Subject").GetString() == "spec-3");
        first.GetProperty("Message").GetString().ShouldBe("decision argo-rollouts spec-3 pass in 1.25 ms: 1 slice held error-rate within bounds for 5m ≤ \"2x\"");
        first.GetProperty("State").GetProperty("DurationMs").GetDouble().ShouldBe(1.25);
        first.GetProperty("State").GetProperty("Verdict").GetString().ShouldBe("pass");
        Enumerable.Range(0, threads).ShouldAllBe(t => parsed.Count(j => j.GetProperty("State").GetProperty("Subject").GetString() == $"spec-{t}") == perThread);
        output.Writes.ShouldBeLessThan(threads * perThread / 10);
    }

    [Fact]
    public void Log_WithException_WritesItAndDisposeFlushesAtOnce()
    {
        var output = new WriteCountingStream();
        var provider = new JsonLineLoggerProvider(output);
        provider.CreateLogger("tollgate.serve").LogWarning(new InvalidOperationException("ledger gone"), "not decided {Route}", "flagger");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();

        provider.Dispose();

        System.Diagnostics.Stopwatch.GetElapsedTime(started).ShouldBeLessThan(TimeSpan.FromSeconds(5));
        var line = JsonDocument.Parse(Encoding.UTF8.GetString(output.ToArray()).TrimEnd('\n')).RootElement;
        line.GetProperty("LogLevel").GetString().ShouldBe("Warning");
        line.GetProperty("Message").GetString().ShouldBe("not decided flagger");
        line.GetProperty("Exception").GetString()!.ShouldContain("ledger gone");
        line.GetProperty("State").GetProperty("{OriginalFormat}").GetString().ShouldBe("not decided {Route}");
    }

    /// <summary>A memory stream that counts the writes it was given.</summary>
    private sealed class WriteCountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Writes++;
            base.Write(buffer, offset, count);
        }
    }
}
