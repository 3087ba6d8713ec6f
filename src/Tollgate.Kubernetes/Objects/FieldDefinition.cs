namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// One definition of a field table (<c>core.v1.Probe</c>, <c>Rollout.spec.strategy.canary</c>): its fields, sorted,
/// the definition each object field is walked as (null: not walked) and whether it holds a list of them, the fields
/// it requires, the scalar a field holds where the schema says (<c>integer</c>, <c>number</c>, <c>boolean</c>,
/// <c>string</c>, <c>quantity</c>), and
/// the only values a field takes where the schema lists them (an enum). <paramref name="emptyIsUnset"/>: an empty
/// value of an enumerated field is the field unset (Kubernetes' own kinds, whose Go zero value the API server
/// defaults), not a value the field must list (a CRD's enum takes <c>""</c> only when it lists it).
/// </summary>
internal sealed class FieldDefinition(string name, string[] fields, bool emptyIsUnset)
{
    public string Name { get; } = name;

    public string[] Fields { get; } = fields;

    public FieldDefinition?[] Values { get; } = new FieldDefinition?[fields.Length];

    public bool[] Lists { get; } = new bool[fields.Length];

    public bool[] Required { get; } = new bool[fields.Length];

    /// <summary>What a field that is not walked holds, where the schema says: <c>integer</c>, <c>number</c>, <c>boolean</c>, <c>string</c> or <c>quantity</c> (the value, a list's items or a map's values).</summary>
    public string?[] Scalars { get; } = new string?[fields.Length];

    public string[]?[] Enums { get; } = new string[]?[fields.Length];

    public bool EmptyIsUnset { get; } = emptyIsUnset;

    /// <summary>The index of <paramref name="field"/> in <see cref="Fields"/>, or a negative number when it is not declared.</summary>
    public int IndexOf(string field) => Array.BinarySearch(Fields, field, StringComparer.Ordinal);
}
