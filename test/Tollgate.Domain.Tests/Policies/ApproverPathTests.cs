using Tollgate.Domain.Findings;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;

namespace Tollgate.Domain.Tests.Policies;

/// <summary>An approvers entry's <c>path:</c> glob meets the path relative to the git work tree, however it was spelt.</summary>
public sealed class ApproverPathTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tollgate-approver-path-").FullName;

    public ApproverPathTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, ".git"));
        Directory.CreateDirectory(Path.Combine(_root, "tf"));
        File.WriteAllText(Path.Combine(_root, "tf", "plan.json"), "{}");
    }

    [Fact]
    public void Of_EverySpellingOfOneFile_IsOnePathRelativeToTheWorkTree()
    {
        var tf = Path.Combine(_root, "tf");

        ApproverPath.Of("tf/plan.json", _root).ShouldBe("tf/plan.json");
        ApproverPath.Of("./tf/plan.json", _root).ShouldBe("tf/plan.json");
        ApproverPath.Of(Path.Combine(_root, "tf", "plan.json"), _root).ShouldBe("tf/plan.json");
        ApproverPath.Of("plan.json", tf).ShouldBe("tf/plan.json");
        ApproverPath.Of("../tf/./plan.json", tf).ShouldBe("tf/plan.json");
        ApproverPath.Of("fraud@3", _root).ShouldBe("fraud@3", "a subject that names no file is matched as given");
    }

    [Fact]
    public void Count_AbsoluteSpellingOfAPathOnlyAliceMayApprove_MalloryDoesNotCount()
    {
        var policy = Policy.Default with { Approvers = [new ApproverRule(["alice"]) { Path = "tf/*" }] };
        Finding[] reviewing = [new("destroy", Severity.High, "terraform_data.db", "gone")];
        Approval[] approvals = [new("d", "mallory", "x", DateTimeOffset.UnixEpoch, "s")];

        var needs = ApprovalTally.Count(policy, reviewing, approvals, ApproverPath.Of(Path.Combine(_root, "tf", "plan.json"), _root));

        needs.ShouldHaveSingleItem().Missing.ShouldBe(1);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
