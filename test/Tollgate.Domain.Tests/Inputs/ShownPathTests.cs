using Tollgate.Domain.Inputs;

namespace Tollgate.Domain.Tests.Inputs;

public sealed class ShownPathTests
{
    [Theory]
    [InlineData("infra", "main.tf", "infra/main.tf")]
    [InlineData(".", "main.tf", "main.tf")]
    [InlineData("./infra", "modules/db/main.tf", "infra/modules/db/main.tf")]
    [InlineData("infra", "../shared/main.tf", "shared/main.tf")]
    [InlineData("../infra", "main.tf", "../infra/main.tf")]
    [InlineData("../infra", "../../up/main.tf", "../../up/main.tf")]
    [InlineData("infra", "../../main.tf", "../main.tf")]
    [InlineData("/work/infra", "../shared/main.tf", "/work/shared/main.tf")]
    [InlineData("/work", "../../../x.tf", "/x.tf")]
    [InlineData("infra/", "./a/./b.tf", "infra/a/b.tf")]
    [InlineData("pipelines/train", "../../data/train.csv", "data/train.csv")]
    [InlineData(null, "data/x.csv", "data/x.csv")]
    [InlineData("", "data/x.csv", "data/x.csv")]
    [InlineData("infra", "/etc/x.tf", "/etc/x.tf")]
    [InlineData(@"infra\mods", @"..\shared\main.tf", "infra/shared/main.tf")]
    public void Join_NamesThePathThatOpensTheFile(string? directory, string path, string shown) =>
        ShownPath.Join(directory, path).ShouldBe(shown);

    [Fact]
    public void Join_OpensTheSameFileAsTheFullPath()
    {
        // Whatever the folding, the name must open the file the full path names, from the same working directory.
        var cwd = Directory.GetCurrentDirectory();
        foreach (var (directory, path) in new[] { ("infra", "../shared/main.tf"), ("../a/b", "../../c/d.tf"), ("x/./y", "./../z.tf") })
        {
            Path.GetFullPath(ShownPath.Join(directory, path), cwd).ShouldBe(Path.GetFullPath(Path.Combine(directory, path), cwd));
        }
    }
}
