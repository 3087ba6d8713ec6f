using System.Globalization;
using Tollgate.Ledger.Registry;

namespace Tollgate.Ledger.Tests.Registry;

/// <summary>
/// The advisory locks a PostgreSQL stage move takes: every model's key once, in key order, so two imports deciding on
/// overlapping models take the locks they share in one order, even when two names share a 32-bit key.
/// </summary>
public sealed class StageLockOrderTests
{
    [Fact]
    public void StageLocksOf_TwoNamesShareAKey_EveryBasisTakesItOnceInKeyOrder()
    {
        // Before: taken in name order, a < b < c with key(a) == key(c) locked key(a), key(b) in one import and key(b),
        // key(a) in the other: each held what the other waited for.
        var (a, c) = Colliding();
        var b = Between(a, c);
        PostgresModelRegistry.StageLockOf(b).ShouldNotBe(PostgresModelRegistry.StageLockOf(a));

        var first = PostgresModelRegistry.StageLocksOf(new StageBasis(a, 0) { Others = [new StageBasis(b, 0)] });
        var second = PostgresModelRegistry.StageLocksOf(new StageBasis(b, 0) { Others = [new StageBasis(c, 0)] });
        var all = PostgresModelRegistry.StageLocksOf(new StageBasis(c, 0) { Others = [new StageBasis(b, 0), new StageBasis(a, 0)] });

        first.ShouldBe([.. first.Order()]);
        second.ShouldBe(first); // the same two keys, in the same order
        all.ShouldBe(first); // key(a) once
        PostgresModelRegistry.StageLocksOf(null).ShouldBeEmpty();
    }

    /// <summary>The first two names m0, m1, … whose keys collide, in ordinal order (a birthday search: about 80,000 names).</summary>
    private static (string Low, string High) Colliding()
    {
        var seen = new Dictionary<int, string>();
        for (var i = 0; ; i++)
        {
            var name = "m" + i.ToString(CultureInfo.InvariantCulture);
            if (seen.TryGetValue(PostgresModelRegistry.StageLockOf(name), out var other))
            {
                return string.CompareOrdinal(other, name) < 0 ? (other, name) : (name, other);
            }

            seen.Add(PostgresModelRegistry.StageLockOf(name), name);
        }
    }

    /// <summary>A name strictly between <paramref name="low"/> and <paramref name="high"/> in ordinal order whose key is neither's.</summary>
    private static string Between(string low, string high)
    {
        for (var i = 0; ; i++)
        {
            var name = low + "-" + i.ToString(CultureInfo.InvariantCulture);
            if (string.CompareOrdinal(name, high) < 0 && PostgresModelRegistry.StageLockOf(name) != PostgresModelRegistry.StageLockOf(low))
            {
                return name;
            }

            string.CompareOrdinal(name, high).ShouldBeLessThan(0, "no name between " + low + " and " + high); // low + "-" sorts above high only when high extends low
        }
    }
}
