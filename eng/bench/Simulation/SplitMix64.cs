using System.Text;

namespace Tollgate.Simulation;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014): one 64-bit state per
/// simulated run, so no run's draws depend on another's or on which thread runs it.
/// </summary>
public sealed class SplitMix64(ulong state)
{
    private ulong _state = state;

    /// <summary>The state of one run: the seed, the scenario's name (FNV-1a of its UTF-8) and the run's index, mixed.</summary>
    public static ulong Key(long seed, string scenario, int run)
    {
        var name = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(scenario))
        {
            name = (name ^ b) * 1099511628211UL;
        }

        return Mix(Mix(Mix((ulong)seed) ^ name) ^ (ulong)run);
    }

    /// <summary>Uniform on [0, 1), 53 bits.</summary>
    public double NextDouble()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return (Mix(_state) >> 11) * (1.0 / (1UL << 53));
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
