using System.Data.Common;
using Tollgate.Domain;
using Tollgate.Ledger.Verdicts;
using Tollgate.Server.Hosting;

namespace Tollgate.Server.Observability;

/// <summary>
/// <see cref="ModelFigures"/> read from the ledger at scrape time, at most once per <see cref="Refresh"/> (on the
/// server's clock), so many scrapers or replicas cost the ledger one read of the newest 500 reports per kind and of
/// at most <see cref="ModelFigures.RowLimit"/> figures of their newest subjects (primary-key range reads) each
/// interval. On a SQLite ledger the listing and the figures each take their own turn between the gates' commits. A ledger that cannot be read leaves the server's own metrics whole and says so in
/// <c>tollgate_model_gauges_up 0</c>.
/// </summary>
public sealed class ModelGauges(ServerLedger ledger, TimeProvider clock)
{
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(15);

    private const int Newest = 500;

    private Snapshot? _last;

    public async Task<string> TextAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (Volatile.Read(ref _last) is { } last && now - last.At < Refresh && now >= last.At)
        {
            return last.Text;
        }

        string text;
        try
        {
            var grouped = new Dictionary<string, ModelSubjects>(StringComparer.Ordinal);
            var figures = new Dictionary<string, FigureRead>(StringComparer.Ordinal);
            foreach (var kind in ModelFigures.Kinds)
            {
                var listed = await ledger.VerdictsAsync(log => log.ListAsync(new VerdictQuery(Newest) { Kind = kind }, cancellationToken), cancellationToken);
                grouped[kind] = ModelSubjects.Of(listed);
                var latest = grouped[kind].Judged.Select(e => e.Id).ToList();
                figures[kind] = await ledger.VerdictsAsync(log => log.FiguresAsync(latest, ModelFigures.Measures(kind), ModelFigures.RowLimit(kind), cancellationToken), cancellationToken);
            }

            text = ModelFigures.Render(grouped, figures) + Up(1);
        }
        catch (Exception e) when (e is DbException or InvalidInputException or TimeoutException)
        {
            text = Up(0);
        }

        Volatile.Write(ref _last, new Snapshot(now, text));
        return text;
    }

    private sealed record Snapshot(DateTimeOffset At, string Text);

    private static string Up(int value) =>
        $"# HELP tollgate_model_gauges_up Whether the ledger answered for the model figures\n# TYPE tollgate_model_gauges_up gauge\ntollgate_model_gauges_up {value}\n";
}
