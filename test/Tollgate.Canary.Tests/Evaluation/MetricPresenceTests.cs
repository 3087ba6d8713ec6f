using Microsoft.Extensions.Time.Testing;
using Tollgate.Canary.Evaluation;

namespace Tollgate.Canary.Tests.Evaluation;

/// <summary>
/// What a probe found present is kept for a bounded time on the injected clock (a served analysis may last for days, and
/// a metric may stop being exported), and at most <see cref="MetricPresence.MaxAnswers"/> answers are kept.
/// </summary>
public sealed class MetricPresenceTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Known_YesYoungerThanKeep_KeptThenAskedAgain()
    {
        var presence = new MetricPresence(_clock, TimeSpan.FromMinutes(10));
        presence.Found("http_requests_total");
        presence.Found("http_requests_total", "code");

        _clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        var young = (presence.Known("http_requests_total"), presence.Known("http_requests_total", "code"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var old = (presence.Known("http_requests_total"), presence.Known("http_requests_total", "code"));

        young.ShouldBe((true, true));
        old.ShouldBe((false, false), "ten minutes on, the yes is asked again");
        presence.Count.ShouldBe(0, "a stale yes is dropped when found stale");
    }

    [Fact]
    public void Found_AgainAfterExpiry_KeptAnotherWholeKeep()
    {
        var presence = new MetricPresence(_clock, TimeSpan.FromMinutes(10));
        presence.Found("http_requests_total");
        _clock.Advance(TimeSpan.FromMinutes(15));
        presence.Known("http_requests_total").ShouldBeFalse();

        presence.Found("http_requests_total");
        _clock.Advance(TimeSpan.FromMinutes(9));

        presence.Known("http_requests_total").ShouldBeTrue();
    }

    [Fact]
    public void Known_LabelAndNameKeptApart()
    {
        var presence = new MetricPresence(_clock, TimeSpan.FromMinutes(10));

        presence.Found("http_requests_total", "code");

        presence.Known("http_requests_total", "code").ShouldBeTrue();
        presence.Known("http_requests_total").ShouldBeFalse();
        presence.Known("http_requests_total", "endpoint").ShouldBeFalse();
    }

    [Fact]
    public void Found_KeepZero_NothingKept()
    {
        var presence = new MetricPresence(_clock, TimeSpan.Zero);

        presence.Found("http_requests_total");

        presence.Known("http_requests_total").ShouldBeFalse();
        presence.Count.ShouldBe(0);
    }

    [Fact]
    public void Known_WatchPresence_KeptForItsLife()
    {
        var presence = new MetricPresence(_clock, Timeout.InfiniteTimeSpan);
        presence.Found("http_requests_total");

        _clock.Advance(TimeSpan.FromDays(30));

        presence.Known("http_requests_total").ShouldBeTrue();
        new MetricPresence().Keep.ShouldBe(Timeout.InfiniteTimeSpan);
    }

    [Fact]
    public void Found_Full_ANewYesIsNotKeptUntilStaleOnesMakeRoom()
    {
        var presence = new MetricPresence(_clock, TimeSpan.FromMinutes(10));
        for (var i = 0; i < MetricPresence.MaxAnswers; i++)
        {
            presence.Found($"metric_{i}");
        }

        presence.Found("one_more");
        var keptWhenFull = presence.Known("one_more");
        presence.Found("metric_0"); // a yes already kept is renewed, never refused
        _clock.Advance(TimeSpan.FromMinutes(11));
        presence.Found("one_more");

        keptWhenFull.ShouldBeFalse("full of fresh answers: asked again next time rather than kept");
        presence.Known("one_more").ShouldBeTrue();
        presence.Count.ShouldBe(1, "the stale answers were dropped to make room");
    }

    [Fact]
    public void Create_NegativeKeep_Refused() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new MetricPresence(_clock, TimeSpan.FromSeconds(-1)));
}
