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
            .Message.ShouldBe("cannot read a.tf: too many levels of symbolic links");
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

    [Fact]
    public void ReadText_DirectoryOnTheWayMissing_NamesTheOutermostMissingOne()
    {
        var path = Path.Combine(_directory, "conf", "prod", "tollgate.yaml");

        Should.Throw<InvalidInputException>(() => InputFile.ReadText(path, "conf/prod/tollgate.yaml", 1 << 20))
            .Message.ShouldBe($"conf/prod/tollgate.yaml does not exist: there is no directory {Path.Combine(_directory, "conf")}");
    }

    [Fact]
    public void ReadText_FileOnTheWay_NamesTheFile()
    {
        var plan = Path.Combine(_directory, "plan.json");
        File.WriteAllText(plan, "{}");

        Should.Throw<InvalidInputException>(() => InputFile.ReadText(Path.Combine(plan, "tollgate.yaml"), "plan.json/tollgate.yaml", 1 << 20))
            .Message.ShouldBe($"cannot read plan.json/tollgate.yaml: {plan} is a file, not a directory");
    }

    [Fact]
    public void ReadText_Unreadable_IsPermissionDenied()
    {
        var link = Path.Combine(_directory, "secret.tf");
        File.CreateSymbolicLink(link, "/proc/sys/vm/drop_caches"); // write-only, root included

        Should.Throw<InvalidInputException>(() => InputFile.ReadText(link, "secret.tf", 1 << 20))
            .Message.ShouldBe("cannot read secret.tf: permission denied");
    }

    [Fact]
    public void OpenRead_Unreadable_IsPermissionDeniedAsReadTextSays()
    {
        var link = Path.Combine(_directory, "scan.json");
        File.CreateSymbolicLink(link, "/proc/sys/vm/drop_caches");

        Should.Throw<InvalidInputException>(() => InputFile.OpenRead(link, "scan.json"))
            .Message.ShouldBe("cannot read scan.json: permission denied");
    }

    [Fact]
    public void OpenRead_DirectoryOrMissing_SaysSoAsReadTextDoes()
    {
        Should.Throw<InvalidInputException>(() => InputFile.OpenRead(_directory, "scans"))
            .Message.ShouldBe("scans is a directory, not a regular file");
        Should.Throw<InvalidInputException>(() => InputFile.OpenRead(Path.Combine(_directory, "gone", "x.json"), "gone/x.json"))
            .Message.ShouldBe($"gone/x.json does not exist: there is no directory {Path.Combine(_directory, "gone")}");
    }

    [Fact]
    public async Task OpenRead_FifoWithPipes_OpensAndReads()
    {
        var fifo = Path.Combine(_directory, "plan.json");
        await Process.Start("mkfifo", fifo).WaitForExitAsync();
        var writer = Task.Run(() => File.WriteAllText(fifo, "{}"));

        using (var stream = await Task.Run(() => InputFile.OpenRead(fifo, "plan.json", pipes: true)))
        {
            new StreamReader(stream).ReadToEnd().ShouldBe("{}");
        }

        await writer;
    }

    [Fact]
    public void Reading_AFailureOfTheFileSystem_IsOneLineInOurWords()
    {
        var path = Path.Combine(_directory, "main.tf");

        Should.Throw<InvalidInputException>(() => InputFile.Reading<int>(path, "main.tf", () => throw new IOException("IO_SomeKey", 28)))
            .Message.ShouldBe("cannot read main.tf: no space left on the device");
        Should.Throw<InvalidInputException>(() => InputFile.Reading<int>(path, "main.tf", () => throw new FileNotFoundException("IO_FileNotFound")))
            .Message.ShouldBe("main.tf does not exist");
    }
}
