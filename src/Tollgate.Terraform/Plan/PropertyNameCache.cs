using System.Text.Json;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// Turns property names into strings without allocating one per occurrence: the few names of the levels a walker
/// descends into repeat hundreds of thousands of times in a large plan. Names are found by length and first and last
/// byte, so a lookup compares with one or two entries, not all of them.
/// </summary>
internal sealed class PropertyNameCache
{
    private const int Capacity = 64;
    private const int Buckets = 64;
    private readonly List<(byte[] Utf8, string Text)>?[] _buckets = new List<(byte[], string)>?[Buckets];
    private int _count;

    public string Get(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return reader.GetString()!;
        }

        var span = reader.ValueSpan;
        var bucket = span.Length == 0 ? 0 : (span.Length * 7 + span[0] * 3 + span[^1]) & (Buckets - 1);
        var entries = _buckets[bucket];
        if (entries is not null)
        {
            foreach (var (utf8, text) in entries)
            {
                if (span.SequenceEqual(utf8))
                {
                    return text;
                }
            }
        }

        var name = reader.GetString()!;
        if (_count < Capacity)
        {
            (_buckets[bucket] ??= new(2)).Add((span.ToArray(), name));
            _count++;
        }

        return name;
    }
}
