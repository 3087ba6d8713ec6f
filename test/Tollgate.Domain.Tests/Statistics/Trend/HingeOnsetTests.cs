using Tollgate.Domain.Statistics.Trend;

namespace Tollgate.Domain.Tests.Statistics.Trend;

public sealed class HingeOnsetTests
{
    [Fact]
    public void Estimate_NoiselessHinge_FindsTheBreakExactly()
    {
        var t = Enumerable.Range(0, 50).Select(i => (double)i).ToArray();
        var x = t.Select(d => d < 20 ? 5.0 : 5.0 - 0.1 * (d - 20)).ToArray();
        HingeOnset.Estimate(t, x).ShouldBe(20);
    }

    [Fact]
    public void Estimate_SlowDeclineInNoise_LandsNearTheTrueStart()
    {
        var rng = new Random(3);
        var t = Enumerable.Range(0, 60).Select(i => (double)i).ToArray();
        var x = t.Select(d => 0.8 - (d < 30 ? 0 : 0.004 * (d - 30)) + 0.024 * (rng.NextDouble() - 0.5) * 3.46).ToArray();
        HingeOnset.Estimate(t, x).ShouldBeInRange(24, 36);
    }
}
