using System.Globalization;
using System.Text;
using CsCheck;

namespace Tollgate.Testing;

/// <summary>
/// Mutation fuzzing for the readers: CsCheck generates edits of a valid seed (truncations, deleted or repeated
/// ranges, inserted and flipped bytes, runs of brackets and quotes). A few seconds per reader in the normal test
/// run; <c>TOLLGATE_FUZZ_ITERATIONS=200000 eng/test.sh</c> (or <c>dotnet test --filter Fuzz</c>) runs longer.
/// </summary>
public static class Fuzz
{
    private static readonly byte[] Interesting = "{}[]()\"'$%=,:;.\n\\#/*-><~!?&|0 \t"u8.ToArray();

    private static readonly string[] Runs = ["{", "[", "(", "\"${", "%{", "{a=", "- ", "[[", "\\"];

    /// <summary>How many inputs each fuzz test tries: <c>TOLLGATE_FUZZ_ITERATIONS</c>, else <paramref name="inTestRun"/>.</summary>
    public static long Iterations(long inTestRun) =>
        long.TryParse(Environment.GetEnvironmentVariable("TOLLGATE_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : inTestRun;

    /// <summary>One to four edits of <paramref name="seed"/>.</summary>
    public static Gen<byte[]> Mutations(byte[] seed) =>
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Int[0, 255], Gen.Int[1, 64])
            .Array[1, 4]
            .Select(edits => edits.Aggregate(seed, (bytes, e) => Apply(bytes, e.Item1, e.Item2, e.Item3, e.Item4, e.Item5)));

    /// <summary>Mutations of UTF-8 text, decoded back (invalid sequences become U+FFFD).</summary>
    public static Gen<string> Mutations(string seed) =>
        Mutations(Encoding.UTF8.GetBytes(seed)).Select(b => Encoding.UTF8.GetString(b));

    /// <summary>Truncations of <paramref name="seed"/>: every proper prefix is a candidate.</summary>
    public static Gen<int> Cut(int length) => Gen.Int[0, Math.Max(0, length - 1)];

    private static byte[] Apply(byte[] bytes, int op, int a, int b, int value, int length)
    {
        var at = bytes.Length == 0 ? 0 : a % (bytes.Length + 1);
        var span = Math.Min(length, bytes.Length - at);
        return op switch
        {
            0 => bytes[..at],
            1 => [.. bytes[..at], .. bytes[(at + span)..]],
            2 => Insert(bytes, bytes.Length == 0 ? 0 : b % (bytes.Length + 1), bytes[at..(at + span)]),
            3 => Insert(bytes, at, [value < 128 ? Interesting[value % Interesting.Length] : (byte)value]),
            4 when bytes.Length > 0 => Flip(bytes, a % bytes.Length, (byte)value),
            _ => Insert(bytes, at, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Runs[value % Runs.Length], length * 8)))),
        };
    }

    private static byte[] Insert(byte[] bytes, int at, byte[] insert) => [.. bytes[..at], .. insert, .. bytes[at..]];

    private static byte[] Flip(byte[] bytes, int at, byte value)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] = value;
        return copy;
    }
}
