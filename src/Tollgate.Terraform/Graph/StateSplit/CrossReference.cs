namespace Tollgate.Terraform.Graph.StateSplit;

/// <summary>
/// One reference that would cross between two proposed states: <see cref="Consumer"/> reads
/// <see cref="Written"/>, which resolves to <see cref="Producer"/> (through <see cref="Via"/>).
/// <see cref="DependsOn"/> marks an ordering-only edge, which no data source can carry.
/// </summary>
public sealed record CrossReference(string Consumer, string Written, string Producer, IReadOnlyList<string> Via, bool DependsOn)
{
    /// <summary>
    /// An edge of a <c>terraform graph</c> DOT file: the dependency is known, the expression behind it is not
    /// (<see cref="Written"/> is then the producer's address).
    /// </summary>
    public bool FromGraph { get; init; }

    /// <summary>
    /// The expression the producer's state must export: the module output the value leaves its module by, or the
    /// reference itself when a root resource reads a root resource directly.
    /// </summary>
    public string Export
    {
        get
        {
            var output = Via.LastOrDefault(v => v.StartsWith("module.", StringComparison.Ordinal));
            if (output is not null)
            {
                return output;
            }

            var producerIsRoot = !Producer.StartsWith("module.", StringComparison.Ordinal);
            return Via.Count == 0 && !Consumer.StartsWith("module.", StringComparison.Ordinal) ? Written : producerIsRoot ? Producer + ".id" : Written;
        }
    }
}
