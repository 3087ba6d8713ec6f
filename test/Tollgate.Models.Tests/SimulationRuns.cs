using System.Globalization;

namespace Tollgate.Models.Tests;

/// <summary>How many runs a simulation makes per cell, and the bound a measured rate is held to.</summary>
internal static class SimulationRuns
{
    private const string Variable = "TOLLGATE_SIMULATION_RUNS";

    /// <summary>Whether <c>TOLLGATE_SIMULATION_RUNS</c> is set (a run for the docs' tables).</summary>
    public static bool Set => Environment.GetEnvironmentVariable(Variable) is not null;

    /// <summary><c>TOLLGATE_SIMULATION_RUNS</c> when set (at least <paramref name="least"/>), else <paramref name="fallback"/>.</summary>
    public static int PerCell(int fallback, int least = 1) =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), CultureInfo.InvariantCulture, out var n) ? Math.Max(n, least) : fallback;

    /// <summary>A true rate of <paramref name="rate"/> measured in <paramref name="runs"/> runs stays below this but for 3σ of noise.</summary>
    public static double Bound(int runs, double rate) => rate + 3 * Math.Sqrt(rate * (1 - rate) / runs);
}
