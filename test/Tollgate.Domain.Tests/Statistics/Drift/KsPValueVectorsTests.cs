using System.Runtime.CompilerServices;
using System.Text.Json;
using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Domain.Tests.Statistics.Drift;

/// <summary>
/// The drift gate's KS p-values against SciPy 1.10's <c>ks_2samp</c> (method 'auto') and <c>kstwo.sf</c>, known-answer
/// vectors written by eng/bench/scipy_ks_2samp_pvalues.py: sizes 50 to 100,000, balanced and unbalanced, D from inside
/// the null to far out, and every branch of the one-sample tail the asymptotic method uses. To 10⁻⁶ relative up to
/// n = 5,000; above, where the one-sided tail is its asymptotic expansion, to 10⁻⁴ relative (10⁻¹⁶ absolute), which
/// holds p = 0.05, 0.01 and 10⁻⁶ tighter than the 10⁻³ a verdict near α could feel.
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
            if (Math.Abs(result.Statistic - row.GetProperty("d").GetDouble()) > 1e-12 || !Close(result.PValue, expected, Math.Round(n * (double)m / (n + m))))
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
            var d = row.GetProperty("d").GetDouble();
            var expected = row.GetProperty("sf").GetDouble();
            var actual = KolmogorovDistribution.Survival(d, n);
            if (!Close(actual, expected, n))
            {
                failures.Add($"kstwo.sf({d:R}, {n}) = {expected:R}, got {actual:R}");
            }
        }

        failures.ShouldBeEmpty();
    }

    /// <summary>
    /// One in a million relative up to n = 5,000 (below 10⁻³⁰⁰ both must be about zero); 10⁻⁴ relative above, where
    /// far-out p below 10⁻¹⁶ need only be about zero.
    /// </summary>
    private static bool Close(double actual, double expected, double n) => n <= KolmogorovDistribution.SciPyLimit
        ? Math.Abs(actual - expected) <= (1e-6 * Math.Abs(expected)) + 1e-300
        : Math.Abs(actual - expected) <= (1e-4 * Math.Abs(expected)) + 1e-16;

    private static JsonElement Load([CallerFilePath] string source = "") =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(source)!, "ks_2samp_pvalues.json"))).RootElement;
}
