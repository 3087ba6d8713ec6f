namespace Tollgate.Canary.Judgement;

/// <summary>One combination of the <c>sliceBy</c> label values, e.g. <c>tenant=acme endpoint=/pay</c>.</summary>
public sealed record SliceKey(IReadOnlyList<KeyValuePair<string, string>> Labels)
{
    public static SliceKey Whole { get; } = new([]);

    public static SliceKey From(IReadOnlyList<string> sliceBy, IReadOnlyDictionary<string, string> labels) =>
        new(sliceBy.Select(l => new KeyValuePair<string, string>(l, labels.GetValueOrDefault(l, ""))).ToList());

    public bool Equals(SliceKey? other) => other is not null && ToString() == other.ToString();

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    public override string ToString() => Labels.Count == 0 ? "all traffic" : string.Join(" ", Labels.Select(kv => $"{kv.Key}={kv.Value}"));
}
