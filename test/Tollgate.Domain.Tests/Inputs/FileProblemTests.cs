using Tollgate.Domain.Inputs;

namespace Tollgate.Domain.Tests.Inputs;

public sealed class FileProblemTests
{
    private static string Missing() => Path.Combine(Directory.CreateTempSubdirectory("tollgate-fp-").FullName, "report.json");

    [Fact]
    public void Describe_PathIsADirectory_SaysSo()
    {
        var dir = Directory.CreateTempSubdirectory("tollgate-fp-").FullName;

        FileProblem.Describe(new UnauthorizedAccessException("UnauthorizedAccess_IODenied_Path, " + dir), dir).ShouldBe("it is a directory");
    }

    [Fact]
    public void Describe_AccessDenied_IsPermissionDenied()
    {
        FileProblem.Describe(new UnauthorizedAccessException("UnauthorizedAccess_IODenied_Path"), Missing()).ShouldBe("permission denied");
    }

    [Theory]
    [InlineData(28, "no space left on the device")]
    [InlineData(30, "the file system is read-only")]
    [InlineData(122, "the disk quota is exceeded")]
    [InlineData(5, "an input/output error on the device")]
    [InlineData(36, "file name too long")]
    public void Describe_IOExceptionWithErrno_WordsTheErrno(int errno, string words)
    {
        FileProblem.Describe(new IOException("IO_SomeKey", errno), Missing()).ShouldBe(words);
    }

    [Fact]
    public void Describe_AncestorIsAFile_NamesIt()
    {
        var file = Missing();
        File.WriteAllText(file, "x");

        FileProblem.Describe(new IOException("IO_FileExists_Name", 17), Path.Combine(file, "sub", "out.json")).ShouldBe($"{file} is a file, not a directory");
    }
}
