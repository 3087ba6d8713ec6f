using System.Collections;

namespace Tollgate.Domain.Findings;

/// <summary>
/// Evidence whose field names a rule fixes once for all its findings: one array of values per finding instead of a
/// dictionary each (a plan that destroys 200,000 objects has 200,000 findings). Reads as a dictionary whose fields
/// come in the order the rule names them, as a dictionary filled in that order does.
/// </summary>
public sealed class EvidenceDictionary : IReadOnlyDictionary<string, object?>
{
    private readonly IReadOnlyList<string> _names;
    private readonly object?[] _values;

    /// <param name="names">The field names, shared by every finding of the rule; distinct.</param>
    /// <param name="values">One value per name, in the same order.</param>
    public EvidenceDictionary(IReadOnlyList<string> names, params object?[] values)
    {
        if (names.Count != values.Length)
        {
            throw new ArgumentException($"{values.Length} values for {names.Count} evidence fields", nameof(values));
        }

        _names = names;
        _values = values;
    }

    public int Count => _values.Length;

    public IEnumerable<string> Keys => _names;

    public IEnumerable<object?> Values => _values;

    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no evidence field '{key}'");

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, out object? value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _values[index] : null;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < _values.Length; i++)
        {
            yield return new(_names[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        for (var i = 0; i < _names.Count; i++)
        {
            if (string.Equals(_names[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
