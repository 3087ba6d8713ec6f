using System.Diagnostics;
using Tollgate.Domain.Inputs;

namespace Tollgate.Domain.Tests.Inputs;

public sealed class InputFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-input-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task ReadText_Fifo_RefusedWithoutBlocking()
    {
        var fifo = Path.Combine(_directory, "main.tf");
        await Process.Start("mkfifo", fifo).WaitForExitAsync();

        var read = Task.Run(() => Should.Throw<InvalidInputException>(() => InputFile.ReadText(fifo, "main.tf", 1 << 20)));

        (await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(10)))).ShouldBe(read, "reading a FIFO blocked");
        (await read).Message.ShouldBe("main.tf is a FIFO, not a regular file");
    }

    [Fact]
    public void ReadText_LinkToDevZero_RefusedAsACharacterDevice()
    {
        var link = Path.Combine(_directory, "main.tf");
        File.CreateSymbolicLink(link, "/dev/zero");

        Should.Throw<InvalidInputException>(() => InputFile.ReadText(link, "main.tf", 1 << 20))
            .Message.ShouldBe("main.tf is a character device, not a regular file");
    }

    [Fact]
    public void ReadText_DanglingLink_NamesTheMissingTarget()
    {
        var link = Path.Combine(_directory, "main.tf");
        File.CreateSymbolicLink(link, Path.Combine(_directory, "gone.tf"));

        Should.Throw<InvalidInputException>(() => InputFile.ReadText(link, "main.tf", 1 << 20))
            .Message.ShouldBe($"main.tf is a link to {Path.Combine(_directory, "gone.tf")}, which does not exist");
    }

    [Fact]
    public void ReadText_LoopingLinks_SaysSo()
    {
        var a = Path.Combine(_directory, "a.tf");
        var b = Path.Combine(_directory, "b.tf");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);

        Should.Throw<InvalidInputException>(() => InputFile.ReadText(a, "a.tf", 1 << 20))
            .Message.ShouldStartWith("cannot read a.tf: Too many levels of symbolic links");
    }

    [Fact]
    public void ReadText_LargerThanTheLimit_NamesBothSizes()
    {
        var path = Path.Combine(_directory, "big.tf");
        File.WriteAllBytes(path, new byte[3 << 20]);

        Should.Throw<InvalidInputException>(() => InputFile.ReadText(path, "big.tf", 1 << 20))
            .Message.ShouldBe("big.tf is 3 MB; files like it are read up to 1 MB");
    }

    [Fact]
    public void ReadText_InvalidUtf8_NamesLineAndColumnOfTheFirstBadByte()
    {
        var path = Path.Combine(_directory, "main.tf");
        File.WriteAllBytes(path, [.. "a = 1\nb"u8, 0xC3, 0x28, .. " = 2\n"u8]);

        Should.Throw<InvalidInputException>(() => InputFile.ReadText(path, "main.tf", 1 << 20))
            .Message.ShouldBe("main.tf:2:2: not valid UTF-8 (byte 0xC3)");
    }

    [Fact]
    public void ReadText_Utf8WithByteOrderMark_ReadsTheTextWithoutIt()
    {
        var path = Path.Combine(_directory, "main.tf");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "é = 1"u8]);

        InputFile.ReadText(path, "main.tf", 1 << 20).ShouldBe("é = 1");
    }

    [Fact]
    public void ReadText_Missing_SaysItDoesNotExist()
    {
        Should.Throw<InvalidInputException>(() => InputFile.ReadText(Path.Combine(_directory, "none.tf"), "none.tf", 1 << 20))
            .Message.ShouldBe("none.tf does not exist");
    }

    [Fact]
    public void ReadText_Directory_IsNotARegularFile()
    {
        Should.Throw<InvalidInputException>(() => InputFile.ReadText(_directory, "dir.tf", 1 << 20))
            .Message.ShouldBe("dir.tf is a directory, not a regular file");
    }
}
