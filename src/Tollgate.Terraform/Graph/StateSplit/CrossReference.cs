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
    /// Where the value the consumer reads is exported from: rebuilt from the configuration (<see cref="ExportPath"/>),
    /// or null for a DOT file's edge, whose <see cref="Export"/> falls back to the producer's id.
    /// </summary>
    public ExportPath? Path { get; init; }

    /// <summary>
    /// The expression the producer's state must export: the value the consumer reads, as written in the shallowest
    /// module its chain passes through (a module output the value leaves its module by, the module input's own
    /// expression, or the reference itself when a root resource reads a root resource directly).
    /// </summary>
    public string Export => Path?.Expression
        ?? (Via.Count == 0 && !Consumer.StartsWith("module.", StringComparison.Ordinal) ? Written : Producer + ".id");

    /// <summary>The module <see cref="Export"/> is written in ("" for the root module).</summary>
    public string ExportModule => Path?.Module ?? "";
}
