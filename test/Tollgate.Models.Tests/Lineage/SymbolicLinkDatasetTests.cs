using Tollgate.Models.Lineage;

namespace Tollgate.Models.Tests.Lineage;

/// <summary>Symbolic links in training data are read as a job reading the data reads them: followed, by the data's content and size.</summary>
public sealed class SymbolicLinkDatasetTests
{
    private static void Write(TempDirectory dir, string name, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(dir.File(name))!);
        File.WriteAllText(dir.File(name), text);
    }

    private static string Digest(TempDirectory dir, string path) => DatasetDigest.Of(dir.File(path), path).ShouldHaveSingleItem().Digest;

    [Fact]
    public void Of_DirectoryWithLinks_FollowsThemSoTheirTargetsChangeTheDigest()
    {
        // Before: feat's digest covered a.csv and sub/b.csv only; link.csv and dirlink/ were left out silently.
        using var dir = new TempDirectory();
        Write(dir, "feat/a.csv", "a\n");
        Write(dir, "feat/sub/b.csv", "b\n");
        Write(dir, "outside.csv", "out\n");
        var plain = Digest(dir, "feat");
        File.CreateSymbolicLink(dir.File("feat/link.csv"), "../outside.csv");
        Directory.CreateSymbolicLink(dir.File("feat/dirlink"), "sub");

        var withLinks = DatasetDigest.Of(dir.File("feat"), "feat").ShouldHaveSingleItem();
        Write(dir, "outside.csv", "changed\n");
        var changed = Digest(dir, "feat");

        withLinks.Files.ShouldBe(4);
        withLinks.Bytes.ShouldBe(2 + 2 + 4 + 2);
        withLinks.Digest.ShouldNotBe(plain);
        changed.ShouldNotBe(withLinks.Digest);
        // The manifest lists a link under its own path with its target's content, as the job reads it.
        static string Sha(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
        var manifest = $"{Sha("a\n")}  a.csv\n{Sha("b\n")}  dirlink/b.csv\n{Sha("out\n")}  link.csv\n{Sha("b\n")}  sub/b.csv\n";
        withLinks.Digest.ShouldBe("sha256:" + Sha(manifest));
    }

    [Fact]
    public void Of_LinkedFile_RecordsTheDataSizeNotTheLinkText()
    {
        // Before: trainlink.csv → train.csv (6 bytes) recorded as 9 bytes, the length of the text "train.csv".
        using var dir = new TempDirectory();
        Write(dir, "train.csv", "train\n");
        File.CreateSymbolicLink(dir.File("trainlink.csv"), "train.csv");

        var linked = DatasetDigest.Of(dir.File("trainlink.csv"), "trainlink.csv").ShouldHaveSingleItem();

        linked.Bytes.ShouldBe(6);
        linked.Digest.ShouldBe(Digest(dir, "train.csv"));
    }

    [Fact]
    public void Of_DanglingLinkInDirectory_IsAnInputErrorNamingIt()
    {
        using var dir = new TempDirectory();
        Write(dir, "feat/a.csv", "a\n");
        File.CreateSymbolicLink(dir.File("feat/gone.csv"), "../nothing.csv");

        var error = Should.Throw<Domain.InvalidInputException>(() => DatasetDigest.Of(dir.File("feat"), "feat"));

        error.Message.ShouldBe("--dataset feat: gone.csv is a symbolic link to ../nothing.csv, which does not exist (a job reading the directory would fail on it): remove the link or restore its target");
    }

    [Fact]
    public void Of_LinkToAnAncestorDirectory_IsAnInputErrorNamingTheLoop()
    {
        using var dir = new TempDirectory();
        Write(dir, "feat/sub/a.csv", "a\n");
        Directory.CreateSymbolicLink(dir.File("feat/sub/up"), "..");

        var error = Should.Throw<Domain.InvalidInputException>(() => DatasetDigest.Of(dir.File("feat"), "feat"));

        error.Message.ShouldBe("--dataset feat: sub/up is a symbolic link to .., a directory that holds the link itself (a loop: a job following links would read it for ever): remove the link or point it elsewhere");
    }

    [Fact]
    public void Of_LinksThatPointAtEachOther_IsAnInputErrorNamingTheLink()
    {
        using var dir = new TempDirectory();
        Write(dir, "feat/a.csv", "a\n");
        File.CreateSymbolicLink(dir.File("feat/x"), "y");
        File.CreateSymbolicLink(dir.File("feat/y"), "x");

        var error = Should.Throw<Domain.InvalidInputException>(() => DatasetDigest.Of(dir.File("feat"), "feat"));

        error.Message.ShouldStartWith("--dataset feat: x is a symbolic link to y that never reaches a file (");
    }
}
