using Microsoft.Extensions.Time.Testing;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Ledger;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger.Verdicts;

namespace Tollgate.Ledger.Tests.Figures;

/// <summary>
/// A report's figures are recorded with its verdict, in the same transaction, on every dialect: read back in report
/// order, bounded reads, and a failed figure write leaves no verdict behind.
/// </summary>
public abstract class FigureBehaviourTests
{
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    protected abstract Task<string> ConnectionAsync();

    /// <summary>Makes every later insert into <c>report_figures</c> fail, as a full disk or a lost connection would.</summary>
    protected abstract Task BreakFigureWritesAsync();

    private async Task<ILedger> OpenAsync() => await LedgerLocation.OpenAsync(await ConnectionAsync(), Path.GetTempPath(), Clock);

    private static ReportFigure Figure(string feature, double psi, bool flagged = false, double ks = double.NaN) =>
        new(feature, "region=eu", "ks-asymptotic", flagged, ReportFigure.Finite(new("psi", psi), new("ks", ks), new("effectSize", psi / 2)));

    private static Report Drift(string subject, params ReportFigure[] figures) =>
        new Report("model-drift", subject, "sha256:" + subject, figures.Any(f => f.Flagged) ? Verdict.Fail : Verdict.Pass, [new("judged", figures.Length)],
            [.. figures.Where(f => f.Flagged).Select(f => new Finding("drift", Severity.High, f.Address, f.Address + " drifted"))]) { Figures = figures };

    [Fact]
    public async Task RecordAsync_ReportWithFigures_StoresEveryFigureDriftedOrNotWithTheVerdict()
    {
        await using var ledger = await OpenAsync();
        var id = await ledger.RecordAsync(Drift("churn", Figure("income", 0.31, flagged: true, ks: 0.42), Figure("age", 0.012, ks: 0.02), Figure("region", 0.0)));

        var read = await LedgerViews.Verdicts(ledger).FiguresAsync([id], ["psi", "ks", "effectSize"], 100);

        read.Total.ShouldBe(8); // region has no KS: its NaN is no figure
        read.Rows.Select(r => (r.Ordinal, r.Address, r.Measure, r.Value)).ShouldBe(
        [
            (0, "income", "effectSize", 0.155), (0, "income", "ks", 0.42), (0, "income", "psi", 0.31),
            (1, "age", "effectSize", 0.006), (1, "age", "ks", 0.02), (1, "age", "psi", 0.012),
            (2, "region", "effectSize", 0.0), (2, "region", "psi", 0.0),
        ]);
        read.Rows.ShouldAllBe(r => r.VerdictId == id && r.Slice == "region=eu" && r.Test == "ks-asymptotic");
        read.Rows.Where(r => r.Flagged).Select(r => r.Address).Distinct().ShouldBe(["income"]);
        (await ledger.RecentAsync("model-drift", 5)).Single().Id.ShouldBe(id);
    }

    [Fact]
    public async Task RecordAllAsync_BatchWithAndWithoutFigures_EachVerdictKeepsItsOwn()
    {
        await using var ledger = await OpenAsync();
        Report[] reports = [Drift("a", Figure("x", 0.1)), new Report("terraform-plan", "p", "sha256:p", Verdict.Pass, [], []), Drift("b", Figure("y", 0.2), Figure("z", 0.3))];

        var ids = ledger switch
        {
            SqliteLedger sqlite => await sqlite.RecordAllAsync(reports),
            PostgresLedger postgres => await postgres.RecordAllAsync(reports),
            _ => throw new InvalidOperationException(ledger.GetType().Name),
        };
        var read = await LedgerViews.Verdicts(ledger).FiguresAsync([ids[2], ids[1], ids[0]], ["psi"], 100);

        read.Rows.Select(r => (r.VerdictId, r.Address)).ShouldBe([(ids[2], "y"), (ids[2], "z"), (ids[0], "x")]);
        read.Total.ShouldBe(3);
    }

    [Fact]
    public async Task FiguresAsync_LimitReached_ReadsNewestFirstAndCountsTheRest()
    {
        await using var ledger = await OpenAsync();
        var older = await ledger.RecordAsync(Drift("older", Figure("a", 0.1), Figure("b", 0.2), Figure("c", 0.3)));
        var newer = await ledger.RecordAsync(Drift("newer", Figure("d", 0.4), Figure("e", 0.5), Figure("f", 0.6)));
        var third = await ledger.RecordAsync(Drift("third", Figure("g", 0.7)));

        var read = await LedgerViews.Verdicts(ledger).FiguresAsync([newer, older, third], ["psi"], 4);

        read.Rows.Select(r => r.Address).ShouldBe(["d", "e", "f", "a"]);
        read.Total.ShouldBe(7);
    }

    [Fact]
    public async Task RecordAsync_FigureWriteFails_NoVerdictIsRecordedEither()
    {
        await using (var ledger = await OpenAsync())
        {
            await ledger.RecordAsync(Drift("before", Figure("a", 0.1)));
        }

        await BreakFigureWritesAsync();
        await using var reopened = await OpenAsync();

        await Should.ThrowAsync<Exception>(() => reopened.RecordAsync(Drift("lost", Figure("a", 0.1), Figure("b", 0.2))));
        var batch = reopened switch
        {
            SqliteLedger sqlite => sqlite.RecordAllAsync([new Report("terraform-plan", "p", "sha256:p", Verdict.Pass, [], []), Drift("lost2", Figure("a", 0.1))]),
            PostgresLedger postgres => postgres.RecordAllAsync([new Report("terraform-plan", "p", "sha256:p", Verdict.Pass, [], []), Drift("lost2", Figure("a", 0.1))]),
            _ => throw new InvalidOperationException(reopened.GetType().Name),
        };
        await Should.ThrowAsync<Exception>(() => batch);
        await reopened.RecordAsync(new Report("terraform-plan", "after", "sha256:after", Verdict.Pass, [], []));

        (await reopened.RecentAsync(null, 10)).Select(e => e.Subject).ShouldBe(["after", "before"]);
    }
}
