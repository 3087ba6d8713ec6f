using Tollgate.Domain.Inputs;

namespace Tollgate.Domain.Tests.Inputs;

public sealed class FileProblemTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tollgate-fp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Missing() => Path.Combine(_dir, "report.json");

    [Fact]
    public void Describe_PathIsADirectory_SaysSo()
    {
        var dir = _dir;

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

    [Fact]
    public void Describe_NoPathKnown_WordsTheExceptionAlone()
    {
        FileProblem.Describe(new UnauthorizedAccessException("UnauthorizedAccess_IODenied_Path"), "").ShouldBe("permission denied");
        FileProblem.Describe(new IOException("IO_SomeKey", 28), "").ShouldBe("no space left on the device");
    }

    [Fact]
    public void DescribeDirectory_ListingRefused_IsPermissionDeniedNotADirectoryProblem()
    {
        var dir = _dir;

        FileProblem.DescribeDirectory(new UnauthorizedAccessException("UnauthorizedAccess_IODenied_Path, " + dir), dir).ShouldBe("permission denied");
        FileProblem.DescribeDirectory(new DirectoryNotFoundException("IO_PathNotFound_Path"), Path.Combine(dir, "gone")).ShouldBe("it does not exist");
        FileProblem.DescribeDirectory(new IOException("IO_SomeKey", 5), dir).ShouldBe("an input/output error on the device");
    }

    [Fact]
    public void DescribeDirectory_AFile_SaysItIsNotADirectory()
    {
        var file = Missing();
        File.WriteAllText(file, "x");

        FileProblem.DescribeDirectory(new IOException("IO_SomeKey", 20), file).ShouldBe("it is a file, not a directory");
    }
}
