using System.Text.Json;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// Turns property names into strings without allocating one per occurrence: the few names of the levels a walker
/// descends into repeat hundreds of thousands of times in a large plan.
/// </summary>
internal sealed class PropertyNameCache
{
    private const int Capacity = 64;
    private readonly List<(byte[] Utf8, string Text)> _entries = new(Capacity);

    public string Get(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return reader.GetString()!;
        }

        var span = reader.ValueSpan;
        foreach (var (utf8, text) in _entries)
        {
            if (span.SequenceEqual(utf8))
            {
                return text;
            }
        }

        var name = reader.GetString()!;
        if (_entries.Count < Capacity)
        {
            _entries.Add((span.ToArray(), name));
        }

        return name;
    }
}
