namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// What an object's schema says of it, as written: keys it does not declare (<see cref="Unknown"/>), fields it
/// requires that are unset (<see cref="Unset"/>) and values outside the ones it lists (<see cref="Unsupported"/>),
/// each in document order.
/// </summary>
public sealed record FieldCheck(IReadOnlyList<UnknownField> Unknown, IReadOnlyList<UnsetField> Unset, IReadOnlyList<UnsupportedValue> Unsupported)
{
    /// <summary>Nothing found: a kind the tables do not have.</summary>
    public static FieldCheck None { get; } = new([], [], []);
}
