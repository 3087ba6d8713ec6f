using Tollgate.Domain.Statistics.Trend;

namespace Tollgate.Domain.Tests.Statistics.Trend;

public sealed class ControlChartTests
{
    [Fact]
    public void Cusum_SingleSpikeBelowFiveAndAHalfSigma_DoesNotAlarm()
    {
        var x = Enumerable.Repeat(0.0, 40).ToArray();
        x[20] = -5.4;
        Cusum.Lower(x, 0, 1).Alarmed.ShouldBeFalse();
        x[20] = -5.6;
        Cusum.Lower(x, 0, 1).AlarmIndex.ShouldBe(20);
    }

    [Fact]
    public void Cusum_OneSigmaShift_AlarmsAfterAboutTenPointsWithOnsetAtTheShift()
    {
        var x = Enumerable.Range(0, 60).Select(i => i < 30 ? 0.0 : -1.0).ToArray();
        var alarm = Cusum.Lower(x, 0, 1);
        alarm.OnsetIndex.ShouldBe(30);
        alarm.AlarmIndex.ShouldBe(40); // S grows by 0.5 per point and must exceed 5.
    }

    [Fact]
    public void Ewma_SpikeImmunityAndShift_MatchTheDesign()
    {
        var flat = Enumerable.Repeat(0.0, 60).ToArray();
        flat[40] = -6.0;
        Ewma.Lower(flat, 0, 1).Alarmed.ShouldBeFalse(); // needs 6.2σ at λ 0.1, L 2.7
        var shifted = Enumerable.Range(0, 80).Select(i => i < 40 ? 0.0 : -1.0).ToArray();
        var alarm = Ewma.Lower(shifted, 0, 1);
        alarm.Alarmed.ShouldBeTrue();
        alarm.OnsetIndex.ShouldBe(40);
        (alarm.AlarmIndex - 40).ShouldBeInRange(3, 12);
    }
}
