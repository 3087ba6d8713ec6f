#:project ../../src/Tollgate.Models/Tollgate.Models.csproj
#:property PublishAot=false
// A simulation (not a test, not part of eng/test.sh) of the promote check kpi-outcome-missing: a
// candidate whose prediction-log rows more often have no KPI value than the live version's (requests that crashed,
// timed out or lost their outcome are not counted by the KPI test, so a gate that only sees outcomes can be passed by
// failing on the others). The decision measured: a finding when the candidate's share of rows without a KPI value is
// higher than the live version's, one-sided, at α (the KPI spec's, default 0.05), by the pooled two-proportion z-test,
// or Fisher's exact (hypergeometric upper tail) when an expected count of the 2x2 table is under 5, AND the observed
// difference is at least a practical minimum δ (default 1 percentage point, so 0.1 % vs 0.2 % on millions of rows does
// not block). The decision is the product's own, Tollgate.Models.Promotion.KpiOutcomeMissing.Decide. Arms of equal size n (rows per version); missing rows drawn binomially.
// Printed: false alarms with equal missing shares (0 %, 1 %, 5 %) and power at +2, +5 and +20 points over the live
// share (1 % and 5 % live), for n = 200, 2,000 and 20,000.
// Usage: dotnet run -c Release eng/bench/MissingOutcome.cs -- [runs per row (default 10000)] [seed (default 20261207)] [alpha (0.05)] [delta (0.01)]
using System.Globalization;
using Tollgate.Models.Promotion;

var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10000;
var seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20261207;
var alpha = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 0.05;
var delta = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 0.01;
var random = new Random(seed);
var sizes = new[] { 200, 2000, 20000 };
Console.WriteLine($"runs per row {runs}, seed {seed}, α {alpha}, δ {delta * 100:0.#} points; cells: share of runs with a finding (Fisher's share of decisions in brackets)");
Console.WriteLine($"{"live",6} {"candidate",10} | " + string.Join(" | ", sizes.Select(n => $"n={n,-6}".PadRight(16))));
foreach (var (live, candidate) in new[] { (0.0, 0.0), (0.01, 0.01), (0.05, 0.05), (0.01, 0.03), (0.01, 0.06), (0.01, 0.21), (0.05, 0.07), (0.05, 0.10), (0.05, 0.25), (0.0, 0.02), (0.0, 0.20) })
{
    var cells = sizes.Select(n =>
    {
        var (found, fisher) = (0, 0);
        for (var r = 0; r < runs; r++)
        {
            var mc = Binomial(n, candidate);
            var ml = Binomial(n, live);
            var decision = KpiOutcomeMissing.Decide(mc, n, ml, n, alpha, delta);
            found += decision.Higher ? 1 : 0;
            fisher += decision.Fisher ? 1 : 0;
        }

        return $"{100.0 * found / runs,6:0.00} % [{100.0 * fisher / runs,3:0}%]".PadRight(16);
    });
    Console.WriteLine($"{live * 100,5:0}% {candidate * 100,9:0}% | " + string.Join(" | ", cells));
}

// Binomial(n, p) by geometric gaps between successes: about n·p draws rather than n.
int Binomial(int n, double p)
{
    if (p <= 0)
    {
        return 0;
    }

    var (k, position, log) = (0, 0L, Math.Log(1 - p));
    while (true)
    {
        position += (long)Math.Floor(Math.Log(1 - random.NextDouble()) / log) + 1;
        if (position > n)
        {
            return k;
        }

        k++;
    }
}
