namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// One definition of a field table (<c>core.v1.Probe</c>, <c>Rollout.spec.strategy.canary</c>): its fields, sorted,
/// the definition each object field is walked as (null: not walked) and whether it holds a list of them, the fields
/// it requires, and the only values a field takes where the schema lists them (an enum).
/// </summary>
internal sealed class FieldDefinition(string name, string[] fields)
{
    public string Name { get; } = name;

    public string[] Fields { get; } = fields;

    public FieldDefinition?[] Values { get; } = new FieldDefinition?[fields.Length];

    public bool[] Lists { get; } = new bool[fields.Length];

    public bool[] Required { get; } = new bool[fields.Length];

    public string[]?[] Enums { get; } = new string[]?[fields.Length];

    /// <summary>The index of <paramref name="field"/> in <see cref="Fields"/>, or a negative number when it is not declared.</summary>
    public int IndexOf(string field) => Array.BinarySearch(Fields, field, StringComparer.Ordinal);
}
