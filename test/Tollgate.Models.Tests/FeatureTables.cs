using System.Globalization;
using System.Text;

namespace Tollgate.Models.Tests;

/// <summary>Seeded feature tables: a numeric <c>income</c> (normal), a numeric <c>age</c>, a categorical <c>plan</c>, a <c>region</c> slice column.</summary>
internal static class FeatureTables
{
    public static string WriteCsv(string path, int rows, int seed, double euIncomeShift = 0, double planCShare = 1 / 3.0)
    {
        var rng = new Random(seed);
        var text = new StringBuilder("age,income,region,plan\n");
        for (var i = 0; i < rows; i++)
        {
            var eu = rng.NextDouble() < 0.5;
            var income = 50 + 10 * Gaussian(rng) + (eu ? euIncomeShift : 0);
            var u = rng.NextDouble();
            var plan = u < planCShare ? "c" : u < planCShare + (1 - planCShare) / 2 ? "a" : "b";
            text.Append(CultureInfo.InvariantCulture, $"{40 + 8 * Gaussian(rng):0.00},{income:0.000},{(eu ? "eu" : "us")},{plan}\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    public static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary><paramref name="count"/> draws of N(<paramref name="mean"/>, 1).</summary>
    public static double[] Normal(Random rng, int count, double mean)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = mean + Gaussian(rng);
        }

        return values;
    }
}
