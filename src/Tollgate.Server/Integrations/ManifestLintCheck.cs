using System.Diagnostics;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Kubernetes.Lint;
using Tollgate.Kubernetes.Manifests;
using Tollgate.Kubernetes.Objects;
using Tollgate.Server.Hosting;
using Tollgate.Server.Observability;
using Tollgate.Server.Specs;

namespace Tollgate.Server.Integrations;

/// <summary>
/// Flagger's <c>pre-rollout</c> lints the target's manifests (<c>tollgate k8s lint</c>'s gate, under the server's
/// policy, recorded as kind <c>k8s-lint</c>) when the rollout brings them: inline YAML in the webhook's
/// <c>metadata.manifests</c>, and/or a <c>NAME.k8s/</c> directory beside the spec file. Anything but <c>pass</c>
/// refuses the rollout: a <c>fail</c>, a <c>review</c> until the report's digest is approved, and a <c>hold</c> (a lint
/// that saw nothing to judge never passes). No manifests: nothing to refuse; <c>manifests</c> given empty is a 400.
/// </summary>
public sealed class ManifestLintCheck(Func<CancellationToken, GateContext> context, ServerMetrics? metrics = null) : IPreRolloutCheck
{
    /// <summary>The <c>NAME.k8s/</c> directory beside <paramref name="spec"/>'s file, or null when there is none.</summary>
    public static string? Beside(ServedSpec spec)
    {
        var directory = Path.Combine(Path.GetDirectoryName(spec.File) ?? ".", spec.Name + ".k8s");
        return Directory.Exists(directory) ? directory : null;
    }

    /// <summary>
    /// Reads and lints every spec's <c>NAME.k8s/</c> once, recording nothing, before the server listens: a directory that
    /// cannot be linted (a Helm chart, a kustomization, broken YAML) is server configuration, exit 3 naming it, as a
    /// spec that does not load, rather than a refusal of every rollout that names the spec.
    /// </summary>
    public static void CheckAtStart(SpecCatalog specs, GateContext context)
    {
        foreach (var name in specs.Names.Order(StringComparer.Ordinal))
        {
            if (Beside(specs.Find(name)!) is { } directory)
            {
                ManifestLint.Lint(ManifestInputs.Load(new K8sLintRequest([directory]), context));
            }
        }
    }

    public async Task<PreRolloutRefusal?> RefuseAsync(PreRollout rollout, CancellationToken cancellationToken)
    {
        var paths = Beside(rollout.Spec) is { } beside ? new[] { beside } : [];
        var given = rollout.Metadata.TryGetValue("manifests", out var text);
        if (given && string.IsNullOrWhiteSpace(text))
        {
            // A template value that rendered empty: leaving the lint out would let the rollout through unlinted.
            throw new BadFieldException("metadata.manifests", "empty (an unset variable?): give the manifests to lint as YAML, or leave manifests out");
        }

        IReadOnlyList<ManifestText> inline = given ? [new ManifestText($"metadata.manifests ({rollout.Namespace}/{rollout.Name})", text!)] : [];
        if (paths.Length == 0 && inline.Count == 0)
        {
            return null;
        }

        var space = rollout.Namespace.Length > 0 ? rollout.Namespace : "default";
        if (NameRules.Namespace(space) is { } says)
        {
            // Objects that name no namespace are linted in it, as `k8s lint --namespace` is checked: one the API server refuses is the webhook's mistake.
            throw new BadFieldException("namespace", $"'{space}' is not a namespace Kubernetes takes: {says}");
        }

        var request = new K8sLintRequest(paths)
        {
            Manifests = inline,
            Namespace = space,
            Subject = $"{rollout.Namespace}/{rollout.Name}",
        };
        var started = Stopwatch.GetTimestamp();
        var report = await LintAsync(request, cancellationToken);
        metrics?.Verdict(report.Kind, report.Verdict.WireName());
        metrics?.Judged(report.Kind, Stopwatch.GetElapsedTime(started));
        return report.Verdict == Verdict.Pass ? null
            : new PreRolloutRefusal($"manifest lint {report.Verdict.WireName()} ({report.Digest}): {report.Reason}") { Report = report };
    }

    /// <summary>
    /// The gate, read once. Inline manifests that do not read (broken YAML, a field of the wrong type) are the webhook's
    /// fault: a 400 naming <c>metadata.manifests</c> and the line, told apart by the input name the error starts with.
    /// The <c>NAME.k8s/</c> directory is the server's (checked at start; changed since): 500. A ledger fault is the
    /// server's too (503) whatever the input is called: a Deployment named <c>ledger</c> is no ledger.
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
        catch (Domain.InvalidInputException e) when (!e.LedgerFault)
        {
            throw new ServerConfigurationException(e.Message);
        }
    }
}
