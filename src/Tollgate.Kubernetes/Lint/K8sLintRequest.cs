using Tollgate.Kubernetes.Manifests;

namespace Tollgate.Kubernetes.Lint;

/// <summary>
/// What <c>tollgate k8s lint</c> judges: files and directories (relative to the gate's working directory; <c>-</c>
/// is standard input) and manifests already in memory (a server's request body), together.
/// </summary>
public sealed record K8sLintRequest(IReadOnlyList<string> Paths)
{
    /// <summary>Manifests given as text, judged with <see cref="Paths"/>.</summary>
    public IReadOnlyList<ManifestText> Manifests { get; init; } = [];

    /// <summary>The namespace of objects that name none (where <c>kubectl apply</c> would put them).</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>What <c>-</c> reads: the host's standard input unless it gives another stream.</summary>
    public Func<Stream>? StandardInput { get; init; }

    /// <summary>How the report names what was judged; by default the paths.</summary>
    public string? Subject { get; init; }
}
