using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Kubernetes.Lint;
using Tollgate.Kubernetes.Manifests;
using Tollgate.Server.Hosting;

namespace Tollgate.Server.Integrations;

/// <summary>
/// Flagger's <c>pre-rollout</c> lints the target's manifests (<c>tollgate k8s lint</c>'s gate, under the server's
/// policy, recorded as kind <c>k8s-lint</c>) when the rollout brings them: inline YAML in the webhook's
/// <c>metadata.manifests</c>, and/or a <c>NAME.k8s/</c> directory beside the spec file. A <c>fail</c> refuses the
/// rollout, and so does a <c>review</c> until the report's digest is approved. No manifests: nothing to refuse.
/// </summary>
public sealed class ManifestLintCheck(Func<CancellationToken, GateContext> context) : IPreRolloutCheck
{
    public async Task<string?> RefuseAsync(PreRollout rollout, CancellationToken cancellationToken)
    {
        var beside = Path.Combine(Path.GetDirectoryName(rollout.Spec.File) ?? ".", rollout.Spec.Name + ".k8s");
        var paths = Directory.Exists(beside) ? new[] { beside } : [];
        IReadOnlyList<ManifestText> inline = rollout.Metadata.TryGetValue("manifests", out var text) && !string.IsNullOrWhiteSpace(text)
            ? [new ManifestText($"metadata.manifests ({rollout.Namespace}/{rollout.Name})", text)]
            : [];
        if (paths.Length == 0 && inline.Count == 0)
        {
            return null;
        }

        var space = rollout.Namespace.Length > 0 ? rollout.Namespace : "default";
        var request = new K8sLintRequest(paths)
        {
            Manifests = inline,
            Namespace = space,
            Subject = $"{rollout.Namespace}/{rollout.Name}",
        };
        var report = await LintAsync(request, cancellationToken);
        return report.Verdict switch
        {
            Verdict.Fail or Verdict.Review => $"manifest lint {report.Verdict.WireName()} ({report.Digest}): {report.Reason}",
            _ => null,
        };
    }

    /// <summary>
    /// The gate, read once. Inline manifests that do not read (broken YAML, a field of the wrong type) are the webhook's
    /// fault: a 400 naming <c>metadata.manifests</c> and the line, told apart by the input name the error starts with.
    /// A ledger fault is the server's (503) whatever the input is called: a Deployment named <c>ledger</c> is no ledger.
    /// </summary>
    private async Task<Report> LintAsync(K8sLintRequest request, CancellationToken cancellationToken)
    {
        var name = request.Manifests.Count > 0 ? request.Manifests[0].Name + ":" : null;
        try
        {
            return await new K8sLintGate().RunAsync(request, context(cancellationToken));
        }
        catch (Domain.InvalidInputException e) when (!e.LedgerFault && name is not null && e.Message.StartsWith(name, StringComparison.Ordinal))
        {
            throw new BadFieldException("metadata.manifests", "line " + e.Message[name.Length..]);
        }
    }
}
