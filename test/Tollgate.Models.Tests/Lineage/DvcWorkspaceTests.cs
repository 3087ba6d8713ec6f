using System.Text;
using Tollgate.Models.Lineage;

namespace Tollgate.Models.Tests.Lineage;

/// <summary>
/// A <c>.dvc</c> file's data compared with the workspace (<see cref="DvcWorkspace"/>, what <c>which --dataset X.dvc</c>
/// adds to its look-up). md5s from coreutils (<see cref="Dos2UnixTests"/>): the CRLF file's bytes 4fa485dd…, with LF
/// ends f3944b25… (<c>sed 's/\r$//' | md5sum</c>); its SHA-256 1a68329d… (<c>sha256sum</c>).
/// </summary>
public sealed class DvcWorkspaceTests : IDisposable
{
    private const string Sha256 = "sha256:1a68329d7d8937de4fa30843054d56027b955930a96a9448977de25c281aeb46";

    private readonly TempDirectory _dir = new();

    private string Pointer(string md5, bool dvc3, string name = "train.csv")
    {
        Directory.CreateDirectory(_dir.File("data"));
        File.WriteAllText(_dir.File("data/train.csv"), "id,label\r\n1,fraud\r\n2,ok\r\n", Encoding.ASCII);
        var path = _dir.File($"data/{name}.dvc");
        File.WriteAllText(path, $"outs:\n- md5: {md5}\n  size: 25\n{(dvc3 ? "  hash: md5\n" : "")}  path: {name}\n");
        return path;
    }

    [Fact]
    public void Check_Dvc2PointerOfACrlfTextFile_MatchesByDvc2sMd5AndAddressesTheDataBySha256()
    {
        var tracked = ComparePointer(Pointer("f3944b251dfe19edb8d7d54fbe5eaaf5", dvc3: false), "data/train.csv.dvc").ShouldHaveSingleItem();

        tracked.ShouldBe(new TrackedData("data/train.csv", Sha256, null));
    }

    [Fact]
    public void Check_Dvc3PointerOfTheSameFile_MatchesByTheMd5OfItsBytes() =>
        ComparePointer(Pointer("4fa485dd25d2c314c0bfdec3a73f68fe", dvc3: true), "data/train.csv.dvc").ShouldHaveSingleItem().Content.ShouldBe(Sha256);

    [Fact]
    public void Check_Dvc3PointerWithTheLfMd5_ChangedSaidInANote()
    {
        // hash: md5 is DVC 3: no line ends normalised, so the LF md5 is another file than the CRLF one on disk.
        var tracked = ComparePointer(Pointer("f3944b251dfe19edb8d7d54fbe5eaaf5", dvc3: true), "data/train.csv.dvc").ShouldHaveSingleItem();

        tracked.Content.ShouldBeNull();
        tracked.Note.ShouldBe("data/train.csv has changed since data/train.csv.dvc recorded it (md5:4fa485dd25d2c314c0bfdec3a73f68fe in the workspace, md5:f3944b251dfe19edb8d7d54fbe5eaaf5 recorded): looked up by the record only");
    }

    [Fact]
    public void Check_DataNotPulled_SaidInANote()
    {
        var tracked = ComparePointer(Pointer("4fa485dd25d2c314c0bfdec3a73f68fe", dvc3: true, name: "test.csv"), "data/test.csv.dvc").ShouldHaveSingleItem();

        tracked.ShouldBe(new TrackedData("data/test.csv", null, "data/test.csv is not in the workspace (dvc pull or dvc checkout puts it there): looked up by what data/test.csv.dvc records only"));
    }

    [Fact]
    public void Check_Dvc2DirectoryPointer_EachFileByDvc2sMd5AndTheDirectoryByItsManifest()
    {
        // DVC 2's .dir of features/ (a.csv with CRLF ends, b.bin with a NUL): MD5 of
        // [{"md5": "f3944b25…", "relpath": "a.csv"}, {"md5": "e9edb956…", "relpath": "b.bin"}] as json.dumps writes it:
        // printf '[{"md5": "f3944b251dfe19edb8d7d54fbe5eaaf5", "relpath": "a.csv"}, {"md5": "e9edb956dbaaaedb0aa43117f5961b20", "relpath": "b.bin"}]' | md5sum
        Directory.CreateDirectory(_dir.File("features"));
        File.WriteAllText(_dir.File("features/a.csv"), "id,label\r\n1,fraud\r\n2,ok\r\n", Encoding.ASCII);
        File.WriteAllBytes(_dir.File("features/b.bin"), "a\r\n\0b\r\n"u8.ToArray());
        File.WriteAllText(_dir.File("features.dvc"), "outs:\n- md5: 17f690c181459fd0d03c05db46b15091.dir\n  path: features\n");

        var tracked = ComparePointer(_dir.File("features.dvc"), "features.dvc").ShouldHaveSingleItem();

        tracked.Content.ShouldBe(DatasetDigest.Of(_dir.File("features"), "features").ShouldHaveSingleItem().Digest, tracked.Note);
    }

    [Fact]
    public void Check_EmptyDirectoryWhereTheRecordHasFiles_SaidInANoteNotAnError()
    {
        Directory.CreateDirectory(_dir.File("features"));
        File.WriteAllText(_dir.File("features.dvc"), "outs:\n- md5: 17f690c181459fd0d03c05db46b15091.dir\n  hash: md5\n  path: features\n");

        var tracked = ComparePointer(_dir.File("features.dvc"), "features.dvc").ShouldHaveSingleItem();

        tracked.ShouldBe(new TrackedData("features", null, "features cannot be read as data (--dataset features: the directory holds no files): looked up by what features.dvc records only"));
    }

    [Fact]
    public void Check_DataThatCannotBeOpened_SaidInWordsInANote()
    {
        // A Unix socket where the data was: opening it is ENXIO. Before, the note held the runtime's message, "No such
        // device or address : '/…/data/train.csv'" (and, in the Native AOT binary, for a file without read permission,
        // the resource key "UnauthorizedAccess_IODenied_Path, /…/data/train.csv").
        var pointer = Pointer("4fa485dd25d2c314c0bfdec3a73f68fe", dvc3: true);
        File.Delete(_dir.File("data/train.csv"));
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(_dir.File("data/train.csv")));

        var tracked = ComparePointer(pointer, "data/train.csv.dvc").ShouldHaveSingleItem();

        tracked.ShouldBe(new TrackedData("data/train.csv", null, "data/train.csv cannot be read as data (no such device or address): looked up by what data/train.csv.dvc records only"));
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>What <c>which --dataset</c> finds of the .dvc file at <paramref name="path"/> in the workspace.</summary>
    private static IReadOnlyList<TrackedData> ComparePointer(string path, string shown) => DvcWorkspace.Check(DotDvcFile.ReadAll(path, shown), shown);
}
