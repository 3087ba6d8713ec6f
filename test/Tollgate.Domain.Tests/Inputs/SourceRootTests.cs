using Tollgate.Domain.Inputs;
using Tollgate.Domain.Policies;

namespace Tollgate.Domain.Tests.Inputs;

/// <summary>
/// One answer to "is this path under the source root", asked by the approvers' <c>path:</c> and by SARIF's artifact
/// locations alike: the root itself is under it, anything above it is not, however the path is spelt.
/// </summary>
public sealed class SourceRootTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tollgate-source-root-").FullName;

    public SourceRootTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, ".git"));
        Directory.CreateDirectory(Path.Combine(_root, "a"));
    }

    [Theory]
    [InlineData(".", ".")]
    [InlineData("a", "a")]
    [InlineData("a/..", ".")]
    [InlineData("a/./b.json", "a/b.json")]
    [InlineData("..", null)]
    [InlineData("a/../..", null)]
    [InlineData("../elsewhere/b.json", null)]
    [InlineData("..b.json", "..b.json")]
    public void Relative_SpellingAgainstTheRoot_UnderItOrNot(string path, string? expected)
    {
        SourceRoot.Relative(_root, Path.GetFullPath(path, _root)).ShouldBe(expected);
    }

    [Fact]
    public void Relative_AbsolutePaths_InsideRelativeOutsideNull()
    {
        SourceRoot.Relative(_root, Path.Combine(_root, "a", "b.json")).ShouldBe("a/b.json");
        SourceRoot.Relative(_root, _root).ShouldBe(".");
        SourceRoot.Relative(_root, Path.GetTempPath()).ShouldBeNull();
        SourceRoot.Relative(_root, _root + "-sibling").ShouldBeNull("a sibling whose name starts with the root's is not under it");
    }

    [Fact]
    public void Relative_SymlinkInsideToOutside_NamedByItsOwnPathAsGitDoes()
    {
        var outside = Directory.CreateTempSubdirectory("tollgate-source-root-out-").FullName;
        try
        {
            var link = Path.Combine(_root, "a", "linked");
            Directory.CreateSymbolicLink(link, outside);

            SourceRoot.Relative(_root, Path.Combine(link, "plan.json")).ShouldBe("a/linked/plan.json");
            SourceRoot.Relative(_root, outside).ShouldBeNull();
        }
        finally
        {
            Directory.Delete(outside);
        }
    }

    [Fact]
    public void ApproverPath_RootItselfAndItsParent_AskTheSameRuleAsSarif()
    {
        var a = Path.Combine(_root, "a");

        ApproverPath.Of("..", a).ShouldBe(".", "the root itself is under the root, as a SARIF location of it is %SRCROOT%-relative");
        ApproverPath.Of(_root, a).ShouldBe(".");
        ApproverPath.Of("../..", a).ShouldBe("../..", "above the root: matched as given");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
