using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Kubernetes.Manifests;

namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// One Kubernetes object of the input: its identity (kind, namespace, name), its tree and the document it came
/// from, so every finding can point at the file and line that declares it. The tree is the object as meant: a
/// misspelt key is read as the field it means (<see cref="MeantFields"/>), and <see cref="Undeclared"/> keeps what was
/// written.
/// </summary>
public sealed record KubeObject(string ApiVersion, string Kind, string Name, string Namespace, JsonObject Node, ManifestDocument Document)
{
    /// <summary>The API group: <c>apps</c> of <c>apps/v1</c>, <c>""</c> for the core group.</summary>
    public string Group => ApiVersion.Contains('/') ? ApiVersion[..ApiVersion.IndexOf('/')] : "";

    /// <summary><c>Kind/namespace/name</c>: what findings name and policy exceptions match.</summary>
    public string Address => $"{Kind}/{Namespace}/{Name}";

    /// <summary>The keys its schema does not declare where they are written (<see cref="ObjectSchema"/>), in the tree as written.</summary>
    public IReadOnlyList<UnknownField> Undeclared { get; init; } = [];

    /// <summary>The fields its schema requires that are unset, at their paths as meant.</summary>
    public IReadOnlyList<UnsetField> Unset { get; init; } = [];

    /// <summary>The values its schema does not take where they are written (outside an enum it lists).</summary>
    public IReadOnlyList<UnsupportedValue> Unsupported { get; init; } = [];

    /// <summary>The values not of the scalar their field holds (a string for an integer, a quantity the API server cannot parse).</summary>
    public IReadOnlyList<MalformedValue> Malformed { get; init; } = [];

    public SourceLocation Location => At(Node);

    /// <summary>Where <paramref name="node"/> (a part of this object) is declared, to where it ends; the object's own span when unknown.</summary>
    public SourceLocation At(JsonNode? node) =>
        (Document.SpanOf(node) ?? Document.SpanOf(Node)) is { } span
            ? new(Document.File, span.Line, Document.Flow ? span.Column : 0) { EndLine = span.EndLine, EndColumn = span.EndColumn }
            : new(Document.File, Document.Line);

    public override string ToString() => $"{Kind} {Namespace}/{Name}";
}
