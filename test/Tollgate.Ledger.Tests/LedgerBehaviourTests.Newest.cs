using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;

namespace Tollgate.Ledger.Tests;

/// <summary>
/// The newest verdict of one kind about one subject since a time (a deploy watch's own verdict, which <c>deploy run</c>
/// and <c>deploy start</c> look for): found however many verdicts of other subjects were recorded after it.
/// </summary>
public abstract partial class LedgerBehaviourTests
{
    [Fact]
    public async Task VerdictLog_NewestOfKindAndSubject_FoundBehindManyOthersAndOnlySinceTheTime()
    {
        await using var ledger = await OpenAsync();
        var before = await ledger.RecordAsync(new Report("deploy", "checkout@production v2", "sha256:old", Verdict.Pass, [], []));
        Clock.Advance(TimeSpan.FromMinutes(10));
        var since = Clock.GetUtcNow();
        var hold = await ledger.RecordAsync(new Report("deploy", "checkout@production v2", "sha256:hold", Verdict.Hold, [], []));
        await ledger.RecordAsync(new Report("canary", "checkout@production v3", "sha256:canary", Verdict.Pass, [], []));
        for (var i = 0; i < 120; i++)
        {
            await ledger.RecordAsync(new Report("deploy", $"svc{i}@production v1", "sha256:" + i, Verdict.Pass, [], []));
        }

        var log = LedgerViews.Verdicts(ledger);
        var found = await log.NewestAsync("deploy", "checkout@production v2", since);
        var older = await log.NewestAsync("deploy", "checkout@production v2", since.AddMinutes(-20));
        var otherKind = await log.NewestAsync("deploy", "checkout@production v3", since);
        var later = await log.NewestAsync("deploy", "checkout@production v2", since.AddSeconds(1));

        found.ShouldNotBeNull().Id.ShouldBe(hold);
        found.Verdict.ShouldBe("hold");
        older.ShouldNotBeNull().Id.ShouldBe(hold);
        before.ShouldBeLessThan(hold);
        otherKind.ShouldBeNull();
        later.ShouldBeNull();
        (await ledger.RecentAsync("deploy", 100)).ShouldNotContain(e => e.Id == hold); // what the refusal read before
    }
}
