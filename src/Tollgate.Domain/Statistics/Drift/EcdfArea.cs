using System.Numerics;
using System.Runtime.CompilerServices;

namespace Tollgate.Domain.Statistics.Drift;

/// <summary>
/// The area Σ |i·m − j·n|·Δx between two empirical CDFs (n and m values), summed exactly so that it does not depend on
/// how the walk was split. With s the lattice gap i·m − j·n, the area is Σ x·(|s before x| − |s after x|) over the
/// values x in ascending order (s is 0 before the first value and after the last). A step that leaves s on one side of
/// zero has the weight −m or +m for a reference value and +n or −n for a current one, so those values are summed by
/// sample with their sign, and only a step across zero needs its own weight. The steps of equal values may come in any
/// order and be grouped (a run of c values is one step of c·m or c·n), because the weights of a run telescope.
/// </summary>
public sealed class EcdfArea(long n, long m)
{
    private readonly ExactSum reference = new();
    private readonly ExactSum current = new();
    private readonly ExactSum crossing = new();

    /// <summary>A reference value x, s before it; returns s after it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Reference(double x, long s)
    {
        var after = s + m;
        if (s >= 0 || after <= 0)
        {
            reference.Add(s >= 0 ? -x : x);
        }
        else
        {
            crossing.AddTimes(x, -s - after);
        }

        return after;
    }

    /// <summary>A current value x, s before it; returns s after it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Current(double x, long s)
    {
        var after = s - n;
        if (after >= 0 || s <= 0)
        {
            current.Add(after >= 0 ? x : -x);
        }
        else
        {
            crossing.AddTimes(x, s + after);
        }

        return after;
    }

    /// <summary><paramref name="count"/> reference values equal to x.</summary>
    public long References(double x, long count, long s) => Run(x, count, s, count * m, reference, -1);

    /// <summary><paramref name="count"/> current values equal to x.</summary>
    public long Currents(double x, long count, long s) => Run(x, count, s, -count * n, current, 1);

    /// <summary>
    /// The sums of values that lie where s stays on one side of zero, for callers that add them by the bucket: a
    /// reference value adds −x above zero (s ≥ 0 on both sides of it) and +x below, a current value +x above and −x below.
    /// </summary>
    public (ExactSum Reference, ExactSum Current) Sums => (reference, current);

    /// <summary>W1 = area / (n·m), rounded once.</summary>
    public double Wasserstein() => n == 0 || m == 0 ? 0 : ExactSum.Round(Total(), new BigInteger(n) * m, -ExactSum.Scale);

    private BigInteger Total() =>
        (m * reference.ToScaledInteger()) + (n * current.ToScaledInteger()) + crossing.ToScaledInteger();

    // A run of equal values as one step of `delta`; `sign` is the weight's sign when s ≥ 0 on both sides (−1 reference, +1 current).
    private long Run(double x, long count, long s, long delta, ExactSum sum, int sign)
    {
        var after = s + delta;
        if ((s >= 0 && after >= 0) || (s <= 0 && after <= 0))
        {
            var above = s > 0 || after > 0;
            sum.AddTimes(x, above ? sign * count : -sign * count);
        }
        else
        {
            crossing.AddTimes(x, Math.Abs(s) - Math.Abs(after));
        }

        return after;
    }
}
