namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// What an object's schema says of it, as written: keys it does not declare (<see cref="Unknown"/>), fields it
/// requires that are unset (<see cref="Unset"/>), values outside the ones it lists (<see cref="Unsupported"/>) and
/// values not of the scalar a field holds (<see cref="Malformed"/>), each in document order.
/// </summary>
public sealed record FieldCheck(IReadOnlyList<UnknownField> Unknown, IReadOnlyList<UnsetField> Unset, IReadOnlyList<UnsupportedValue> Unsupported, IReadOnlyList<MalformedValue> Malformed)
{
    /// <summary>Nothing found: a kind the tables do not have.</summary>
    public static FieldCheck None { get; } = new([], [], [], []);
}
