using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Tollgate.Domain.Reports;

/// <summary>
/// A finding's evidence that keeps its compact JSON once written: for evidence a host shares between many reports (a
/// server's replayed canary evidence, built once per recording and window), so each report copies the bytes instead of
/// formatting the same numbers again. Read-only like any evidence; the values it wraps must not change after.
/// </summary>
public sealed class WrittenEvidenceDictionary(IReadOnlyDictionary<string, object?> values) : IReadOnlyDictionary<string, object?>
{
    private byte[]? _compact;

    /// <summary>The evidence as compact JSON (<see cref="ReportJson"/>'s encoding), written on first use.</summary>
    public ReadOnlySpan<byte> CompactUtf8 => _compact ??= ReportJson.ValueToUtf8(values);

    public object? this[string key] => values[key];

    public IEnumerable<string> Keys => values.Keys;

    public IEnumerable<object?> Values => values.Values;

    public int Count => values.Count;

    public bool ContainsKey(string key) => values.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => values.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
