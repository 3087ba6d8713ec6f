using System.Globalization;

namespace Tollgate.Domain;

/// <summary>
/// A size as an option takes it: bytes (<c>16777216</c>) or a number with a unit, decimal as Kubernetes reads them
/// (<c>k</c>/<c>kB</c>, <c>M</c>/<c>MB</c>, <c>G</c>/<c>GB</c>: powers of 1000) or binary (<c>Ki</c>/<c>KiB</c>,
/// <c>Mi</c>/<c>MiB</c>, <c>Gi</c>/<c>GiB</c>: powers of 1024), case aside; a fraction is allowed with a unit
/// (<c>1.5GiB</c>) and rounded down to whole bytes.
/// </summary>
public static class ByteSize
{
    private static readonly (string Unit, long Factor)[] Units =
    [
        ("kib", 1L << 10), ("ki", 1L << 10), ("mib", 1L << 20), ("mi", 1L << 20), ("gib", 1L << 30), ("gi", 1L << 30),
        ("kb", 1000), ("k", 1000), ("mb", 1_000_000), ("m", 1_000_000), ("gb", 1_000_000_000), ("g", 1_000_000_000), ("b", 1),
    ];

    /// <summary>The size in bytes, at least 1; anything else is refused naming <paramref name="option"/> and the forms it takes.</summary>
    public static long Parse(string text, string option)
    {
        var trimmed = text.Trim();
        var split = trimmed.Length;
        while (split > 0 && char.IsLetter(trimmed[split - 1]))
        {
            split--;
        }

        var unit = trimmed[split..].ToLowerInvariant();
        var factor = unit.Length == 0 ? 1 : Array.Find(Units, u => u.Unit == unit).Factor;
        if (factor > 0
            && decimal.TryParse(trimmed[..split].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            && (unit.Length > 0 || decimal.Truncate(number) == number)
            && number <= long.MaxValue / factor
            && number * factor is var bytes && bytes >= 1)
        {
            return (long)decimal.Truncate(bytes);
        }

        throw new InvalidInputException($"{option} {text}: expected a positive size in bytes or with a unit (16777216, 600MB, 512MiB, 1.5GiB)");
    }

    /// <summary>Bytes as a person reads them: whole MiB or KiB when exact, else bytes.</summary>
    public static string Format(long bytes) =>
        bytes >= 1L << 20 && bytes % (1L << 20) == 0 ? $"{bytes >> 20} MiB"
        : bytes >= 1L << 10 && bytes % (1L << 10) == 0 ? $"{bytes >> 10} KiB"
        : $"{bytes} bytes";
}
