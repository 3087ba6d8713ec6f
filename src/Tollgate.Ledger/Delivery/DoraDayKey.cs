using System.Buffers.Binary;
using Tollgate.Domain.Dora;

namespace Tollgate.Ledger.Delivery;

/// <summary>One row of <c>dora_days</c>/<c>dora_dirty</c>: a service, an environment and a UTC day as days since 1970-01-01.</summary>
internal readonly record struct DoraDayKey(string Service, string Environment, int Day)
{
    private static readonly int Epoch = new DateOnly(1970, 1, 1).DayNumber;

    public static int DayNumber(DateTimeOffset finished) => Number(DeployDays.DayOf(finished));

    public static int Number(DateOnly day) => day.DayNumber - Epoch;

    public static DateOnly Date(int day) => DateOnly.FromDayNumber(day + Epoch);

    public static DateTimeOffset Start(int day) => new(Date(day).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Sorted lead-time ticks as the <c>lead_ticks</c> column stores them: int64 little-endian.</summary>
    public static byte[] Encode(long[] ticks)
    {
        var bytes = new byte[ticks.Length * sizeof(long)];
        for (var i = 0; i < ticks.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), ticks[i]);
        }

        return bytes;
    }

    public static long[] Decode(ReadOnlySpan<byte> bytes)
    {
        var ticks = new long[bytes.Length / sizeof(long)];
        for (var i = 0; i < ticks.Length; i++)
        {
            ticks[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes[(i * sizeof(long))..]);
        }

        return ticks;
    }

    /// <summary>The full UTC days inside a window, as a half-open range of day numbers (empty when none is whole).</summary>
    public static (int First, int End) WholeDays(DoraWindow window)
    {
        var first = DayNumber(window.From);
        first += Start(first) < window.From ? 1 : 0;
        var end = DayNumber(window.To);
        return (first, Math.Max(first, end));
    }
}
