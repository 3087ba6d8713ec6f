using System.Text.Json;

namespace Tollgate.Terraform.Plan;

/// <summary>Which of a fixed list of member names an object has had so far, without allocating per name.</summary>
internal sealed class MemberSet(string[] names)
{
    private readonly byte[][] _utf8 = names.Select(n => System.Text.Encoding.UTF8.GetBytes(n)).ToArray();
    private ulong _seen;

    public void Clear() => _seen = 0;

    /// <summary>Notes the property name the reader is on; returns the name when it was seen before, else null.</summary>
    public string? Add(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < _utf8.Length; i++)
        {
            if (reader.ValueTextEquals(_utf8[i]))
            {
                var bit = 1UL << i;
                if ((_seen & bit) != 0)
                {
                    return names[i];
                }

                _seen |= bit;
                return null;
            }
        }

        return null;
    }

    /// <summary>Notes a member name already read as a string; returns it when it was seen before, else null.</summary>
    public string? Add(string name)
    {
        var i = Array.IndexOf(names, name);
        if (i < 0)
        {
            return null;
        }

        var bit = 1UL << i;
        if ((_seen & bit) != 0)
        {
            return name;
        }

        _seen |= bit;
        return null;
    }

    public bool Has(string name) => (_seen & (1UL << Array.IndexOf(names, name))) != 0;
}
