using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Kubernetes.Lint;
using Tollgate.Kubernetes.Manifests;

namespace Tollgate.Kubernetes.Tests.Cli;

/// <summary>
/// The digest a <c>k8s lint</c> review binds to: known answers from runs of the command before the digest was computed
/// in one place (the lint's <see cref="Evidence.BindReview"/>), so an approval given before still counts.
/// </summary>
public sealed class K8sLintReviewDigestTests : IDisposable
{
    private const string Web = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
        spec:
          replicas: 3
          selector:
            matchLabels: { app: web }
          template:
            metadata:
              labels: { app: web }
            spec:
              containers:
                - name: web
                  image: registry.example/web:1.4.2

        """;

    // `tollgate k8s lint web.yaml --policy review.yaml --format json` before the change (readiness-probe,
    // pdb-missing and min-ready-seconds under review).
    private const string Recorded = "sha256:f004e0fc6a995313ee65c4186ce35f867d03e94edfc31589b8c10ea5afa054bd";

    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-k8s-digest-").FullName;

    [Fact]
    public async Task Lint_FindingsUnderReview_KeepTheDigestRecordedBefore()
    {
        var run = await Run("failOn: critical\nreviewOn: [\"k8s/*\"]\n");

        run.ExitCode.ShouldBe(2, run.Out);
        run.Json().GetProperty("digest").GetString().ShouldBe(Recorded);
    }

    [Fact]
    public async Task Lint_CustomRuleUnderReview_AsksNothingOfManifestsAndKeepsTheDigestRecordedBefore()
    {
        // Custom rules read a plan's changes; the lint runs none, so no lint digest ever bound a policy/… finding.
        var run = await Run("failOn: critical\nreviewOn: [\"k8s/*\", \"policy/*\"]\ncustom:\n  - name: no-web\n    severity: high\n"
            + "    message: \"web is reviewed\"\n    when: 'change.name == \"web\"'\n");

        run.ExitCode.ShouldBe(2, run.Out);
        run.Json().GetProperty("digest").GetString().ShouldBe(Recorded);
        run.Json().GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()!)
            .ShouldAllBe(rule => rule.StartsWith("k8s/", StringComparison.Ordinal));
    }

    [Fact]
    public void ReviewDigest_PolicyFindingUnderReview_IsBoundOnceByTheManifestsReview()
    {
        ManifestText[] texts = [new("web.yaml", Web)];
        var evidence = K8sLintGate.Evidence("web.yaml", texts, ManifestLint.Lint(texts));
        Finding[] reviewing = [.. evidence.Findings, new("policy/no-web", Severity.High, "Deployment/shop/web", "web is reviewed")];

        var digest = evidence.ReviewDigest(reviewing);

        digest.ShouldBe(ReviewQuestions.Of("manifests", K8sLintGate.Digest(texts), reviewing));
        digest.ShouldNotBe(evidence.ReviewDigest(evidence.Findings));
    }

    private async Task<CliRun> Run(string policy)
    {
        File.WriteAllText(Path.Combine(_directory, "web.yaml"), Web);
        File.WriteAllText(Path.Combine(_directory, "policy.yaml"), policy);
        return await CliRun.RunAsync(_directory, null, "k8s", "lint", "web.yaml", "--policy", "policy.yaml", "--format", "json",
            "--ledger", Path.Combine(_directory, "ledger.db"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
