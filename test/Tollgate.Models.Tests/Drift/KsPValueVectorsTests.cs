using System.Runtime.CompilerServices;
using System.Text.Json;
using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Models.Tests.Drift;

/// <summary>
/// The drift gate's KS p-values against SciPy 1.10's <c>ks_2samp</c> (method 'auto') and <c>kstwo.sf</c>, known-answer
/// vectors written by eng/bench/scipy_ks_2samp_pvalues.py: sizes 50 to 100,000, balanced and unbalanced, D from inside
/// the null to far out, and every branch of the one-sample tail the asymptotic method uses.
/// </summary>
public sealed class KsPValueVectorsTests
{
    private static readonly JsonElement Vectors = Load();

    [Fact]
    public void KolmogorovSmirnov_SciPyKs2sampAuto_SameP()
    {
        var failures = new List<string>();
        foreach (var row in Vectors.GetProperty("ks_2samp").EnumerateArray())
        {
            int n = row.GetProperty("n").GetInt32(), m = row.GetProperty("m").GetInt32();
            if (Math.Max(n, m) > KolmogorovSmirnov.ExactLimit && Math.Round(n * (double)m / (n + m)) > KolmogorovDistribution.SciPyLimit)
            {
                continue; // Stephens' approximation there, by design (KolmogorovDistribution.SciPyLimit)
            }

            var c = row.GetProperty("c").GetDouble();
            var reference = new double[n];
            var current = new double[m];
            for (var i = 0; i < n; i++)
            {
                reference[i] = i / (double)n;
            }

            for (var j = 0; j < m; j++)
            {
                current[j] = c + (j / (double)m);
            }

            var result = KolmogorovSmirnov.Test(EmpiricalDistribution.FromSorted(reference), EmpiricalDistribution.FromSorted(current));
            var expected = row.GetProperty("p").GetDouble();
            if (Math.Abs(result.Statistic - row.GetProperty("d").GetDouble()) > 1e-12 || !Close(result.PValue, expected))
            {
                failures.Add($"n {n} m {m} c {c}: D {result.Statistic:R} p {result.PValue:R} ({result.Method}), SciPy D {row.GetProperty("d").GetDouble():R} p {expected:R}");
            }
        }

        failures.ShouldBeEmpty();
    }

    [Fact]
    public void KolmogorovDistribution_SciPyKstwoSf_SameP()
    {
        var failures = new List<string>();
        foreach (var row in Vectors.GetProperty("kstwo").EnumerateArray())
        {
            var n = row.GetProperty("n").GetDouble();
            if (n > KolmogorovDistribution.SciPyLimit)
            {
                continue;
            }

            var d = row.GetProperty("d").GetDouble();
            var expected = row.GetProperty("sf").GetDouble();
            var actual = KolmogorovDistribution.Survival(d, n);
            if (!Close(actual, expected))
            {
                failures.Add($"kstwo.sf({d:R}, {n}) = {expected:R}, got {actual:R}");
            }
        }

        failures.ShouldBeEmpty();
    }

    /// <summary>One in a million relative; below 10⁻³⁰⁰ both must be about zero.</summary>
    private static bool Close(double actual, double expected) =>
        Math.Abs(actual - expected) <= (1e-6 * Math.Abs(expected)) + 1e-300;

    private static JsonElement Load([CallerFilePath] string source = "") =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(source)!, "ks_2samp_pvalues.json"))).RootElement;
}
