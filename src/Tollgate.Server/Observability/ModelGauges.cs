using System.Data.Common;
using System.Globalization;
using Tollgate.Domain;
using Tollgate.Ledger.Registry;
using Tollgate.Ledger.Verdicts;
using Tollgate.Server.Hosting;

namespace Tollgate.Server.Observability;

/// <summary>
/// <see cref="ModelFigures"/> read from the ledger at scrape time, at most once per <see cref="Refresh"/> (on the
/// server's clock), so many scrapers or replicas cost the ledger one read of the newest 500 reports per kind and of
/// at most <see cref="ModelFigures.RowLimit"/> figures of their newest subjects (primary-key range reads) each
/// interval, and one query for which of the names before a '#' of the trends that only ever held are models the registry knows
/// (<see cref="ModelFigures.HeldTrendModels"/>, <see cref="IModelRegistry.KnownAsync"/>). On a SQLite ledger the listing and the figures each take their own turn between the gates' commits.
/// One read is under way at a time, cancelled at <see cref="Deadline"/> from its start (a scrape waits for it no longer, and a second more for the cancellation to report): a ledger
/// that cannot be read (down, or its verdicts table locked by another session) leaves the server's own metrics whole,
/// answered well within Prometheus' scrape timeout, and says so in <c>tollgate_model_gauges_up 0</c> and
/// <c>tollgate_model_gauges_read_failures_total{reason}</c>; the figures served then are the last ones read, as old as
/// <c>tollgate_model_gauges_age_seconds</c> says (none before the first read that succeeded).
/// </summary>
public sealed class ModelGauges(ServerLedger ledger, TimeProvider clock)
{
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(15);

    /// <summary>The longest the ledger's read of the figures is waited for: a fifth of Prometheus' default scrape timeout (10 s).</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    /// <summary>How long past <see cref="Deadline"/> a scrape still waits for the read to report its cancellation; a read that ignores it is not waited for longer.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    private const int Newest = 500;

    private readonly Lock _turn = new();

    private Read? _read;

    private Figures? _figures;

    private long _timeouts;

    private long _errors;

    public async Task<string> TextAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        Read read;
        lock (_turn)
        {
            if (_read is not { } last || (last.Answered.IsCompleted && (now - last.At >= Refresh || now < last.At)))
            {
                _read = new Read(now, Task.Run(() => ReadAsync(now), CancellationToken.None));
            }

            read = _read;
        }

        bool up;
        try
        {
            var left = read.At + Deadline + Grace - now;
            up = await read.Answered.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, clock, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The read ignored its deadline (it goes on alone, and only one at a time): this scrape is answered all the same.
            up = false;
        }

        return Render(up, now);
    }

    /// <summary>Reads the figures within <see cref="Deadline"/>; true when the ledger answered, else the failure is counted.</summary>
    private async Task<bool> ReadAsync(DateTimeOffset at)
    {
        using var deadline = new CancellationTokenSource(Deadline, clock);
        try
        {
            var grouped = new Dictionary<string, ModelSubjects>(StringComparer.Ordinal);
            var figures = new Dictionary<string, FigureRead>(StringComparer.Ordinal);
            foreach (var kind in ModelFigures.Kinds)
            {
                var listed = await ledger.VerdictsAsync(log => log.ListAsync(new VerdictQuery(Newest) { Kind = kind }, deadline.Token), deadline.Token);
                grouped[kind] = ModelSubjects.Of(listed);
                var latest = grouped[kind].Judged.Select(e => e.Id).ToList();
                figures[kind] = await ledger.VerdictsAsync(log => log.FiguresAsync(latest, ModelFigures.Measures(kind), ModelFigures.RowLimit(kind), deadline.Token), deadline.Token);
            }

            // A trend that only ever held recorded no series name: its subject is MODEL#SERIES only when the name before
            // its '#' is a model the ledger knows (trend --model refuses any other), so a file's own '#' stays in series.
            // One query for all of them, however many such trends and however long the models' histories.
            var held = ModelFigures.HeldTrendModels(grouped["model-trend"]).ToList();
            IReadOnlySet<string> models = held.Count == 0
                ? new HashSet<string>(StringComparer.Ordinal)
                : await ledger.ModelsAsync(registry => registry.KnownAsync(held, deadline.Token), deadline.Token);

            Volatile.Write(ref _figures, new Figures(at, ModelFigures.Render(grouped, figures, models)));
            return true;
        }
        catch (Exception e) when (e is DbException or InvalidInputException or TimeoutException or OperationCanceledException)
        {
            Interlocked.Increment(ref deadline.IsCancellationRequested ? ref _timeouts : ref _errors);
            return false;
        }
    }

    private string Render(bool up, DateTimeOffset now)
    {
        var figures = Volatile.Read(ref _figures);
        var text = figures?.Text ?? "";
        text += $"# HELP tollgate_model_gauges_up Whether the ledger answered the latest read of the model figures within {Deadline.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s\n# TYPE tollgate_model_gauges_up gauge\ntollgate_model_gauges_up {(up ? 1 : 0)}\n";
        if (figures is not null)
        {
            var age = Math.Max(0, (now - figures.At).TotalSeconds);
            text += "# HELP tollgate_model_gauges_age_seconds Seconds since the model figures served were read from the ledger (the last ones read while it does not answer)\n# TYPE tollgate_model_gauges_age_seconds gauge\n"
                + $"tollgate_model_gauges_age_seconds {age.ToString(CultureInfo.InvariantCulture)}\n";
        }

        return text + "# HELP tollgate_model_gauges_read_failures_total Reads of the model figures the ledger did not answer: past the deadline (timeout) or failed (error)\n# TYPE tollgate_model_gauges_read_failures_total counter\n"
            + $"tollgate_model_gauges_read_failures_total{{reason=\"timeout\"}} {Interlocked.Read(ref _timeouts).ToString(CultureInfo.InvariantCulture)}\n"
            + $"tollgate_model_gauges_read_failures_total{{reason=\"error\"}} {Interlocked.Read(ref _errors).ToString(CultureInfo.InvariantCulture)}\n";
    }

    /// <summary>A read of the figures started at <see cref="At"/>; <see cref="Answered"/> is true once the ledger answered it.</summary>
    private sealed record Read(DateTimeOffset At, Task<bool> Answered);

    /// <summary>The figures in Prometheus text, read at <see cref="At"/>.</summary>
    private sealed record Figures(DateTimeOffset At, string Text);
}
