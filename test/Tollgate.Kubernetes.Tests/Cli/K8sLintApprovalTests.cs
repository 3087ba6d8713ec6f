namespace Tollgate.Kubernetes.Tests.Cli;

/// <summary>
/// Approvals of a <c>k8s lint</c> report bind to the manifests and to the questions the policy asks about them: an
/// approval given for one review does not clear another policy's review of other resources.
/// </summary>
public sealed class K8sLintApprovalTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-k8s-approval-").FullName;

    private string Ledger => Path.Combine(_directory, "ledger.db");

    private Task<CliRun> Run(params string[] args) => CliRun.RunAsync(_directory, null, [.. args, "--ledger", Ledger]);

    [Fact]
    public async Task Lint_ApprovalOfOneReviewThenAPolicyAskingMore_AsksAgainUnderANewDigest()
    {
        var narrow = Write("narrow.yaml", "failOn: critical\nreviewOn: [k8s/pdb-missing]\nrules:\n  k8s/invalid-manifest: { severity: high }\n");
        var wide = Write("wide.yaml", "failOn: critical\nreviewOn: [\"k8s/*\"]\nrules:\n  k8s/invalid-manifest: { severity: high }\n");
        var manifests = Lint.Example("unsafe");

        var first = await Run("k8s", "lint", manifests, "--policy", narrow, "--format", "json");
        var digest = first.Json().GetProperty("digest").GetString()!;
        var approve = await Run("approve", "--digest", digest, "--by", "alice", "--reason", "pdbs later", "--policy", narrow);
        var again = await Run("k8s", "lint", manifests, "--policy", narrow);
        var wider = await Run("k8s", "lint", manifests, "--policy", wide, "--format", "json");

        first.ExitCode.ShouldBe(2, first.Out);
        approve.ExitCode.ShouldBe(0, approve.Error);
        again.ExitCode.ShouldBe(0, again.Out);
        wider.ExitCode.ShouldBe(2, wider.Out);
        wider.Json().GetProperty("verdict").GetString().ShouldBe("review");
        wider.Json().GetProperty("digest").GetString().ShouldNotBe(digest);
    }

    [Fact]
    public async Task ApproveDigest_UnderAPolicyWithoutTheRecordedException_CountsWhatThatPolicysGateFailsOn()
    {
        // Before: the note judged the findings with the recorded report's exceptions (5 failing) where the gate under
        // the policy given fails on 7, and called a review report one that "asks for no review".
        var excepting = Write("excepting.yaml", "failOn: high\nreviewOn: [\"k8s/*\"]\nrules:\n  k8s/invalid-manifest: { severity: high }\nexceptions:\n"
            + "  - { rule: k8s/readiness-probe, address: \"Deployment/shop/*\", reason: SRE-9, owner: sre, expires: 2099-01-15 }\n");
        var team = Write("team.yaml", "failOn: high\nrules:\n  k8s/invalid-manifest: { severity: high }\n");
        var manifests = Lint.Example("unsafe");

        var first = await Run("k8s", "lint", manifests, "--policy", excepting, "--format", "json");
        var approve = await Run("approve", "--digest", first.Json().GetProperty("digest").GetString()!, "--by", "alice", "--reason", "x", "--policy", team);
        var gate = await Run("k8s", "lint", manifests, "--policy", team);

        approve.ExitCode.ShouldBe(0, approve.Error);
        var failing = System.Text.RegularExpressions.Regex.Match(gate.Out, @"(\d+) findings at or above high");
        failing.Success.ShouldBeTrue(gate.Out);
        approve.Error.ShouldContain($"the gate still fails on {failing.Groups[1].Value} findings");
        approve.Out.ShouldContain("nothing in the k8s-lint report");
        approve.Out.ShouldContain("asks for a review under this policy (it was recorded as review)");
    }

    [Fact]
    public async Task ApproveDigest_UnderAPolicyDisablingTheReviewedRule_AsksForNothingAsThatPolicysGate()
    {
        // Before: approve took the new policy's exceptions but not its enabled: false, and said the approval covered
        // the resources whose k8s/pdb-missing findings that policy's gate drops.
        var narrow = Write("narrow.yaml", "failOn: critical\nreviewOn: [k8s/pdb-missing]\nrules:\n  k8s/invalid-manifest: { severity: high }\n");
        var off = Write("off.yaml", "failOn: critical\nreviewOn: [k8s/pdb-missing]\nrules:\n  k8s/invalid-manifest: { severity: high }\n  k8s/pdb-missing: { enabled: false }\n");
        var manifests = Lint.Example("unsafe");

        var first = await Run("k8s", "lint", manifests, "--policy", narrow, "--format", "json");
        var approve = await Run("approve", "--digest", first.Json().GetProperty("digest").GetString()!, "--by", "alice", "--reason", "x", "--policy", off);
        var gate = await Run("k8s", "lint", manifests, "--policy", off);

        first.ExitCode.ShouldBe(2, first.Out);
        gate.ExitCode.ShouldBe(0, gate.Out);
        approve.ExitCode.ShouldBe(0, approve.Error);
        approve.Out.ShouldNotContain("covers");
        approve.Out.ShouldContain("nothing in the k8s-lint report");
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
