using System.Text;
using Tollgate.Models.Lineage;

namespace Tollgate.Models.Tests.Lineage;

/// <summary>
/// DVC 2's md5 of a file (<see cref="Dos2Unix"/>). Every expected md5 was computed with coreutils, not by Tollgate:
/// <code>
/// printf 'id,label\r\n1,fraud\r\n2,ok\r\n' | md5sum                   # 4fa485dd… the bytes (DVC 3)
/// printf 'id,label\r\n1,fraud\r\n2,ok\r\n' | sed 's/\r$//' | md5sum   # f3944b25… CRLF as LF (DVC 2)
/// printf 'a\r\n\0b\r\n' | md5sum                                      # e9edb956… binary (a NUL): the bytes
/// printf 'привет,мир\r\nпока\r\n' | md5sum                            # 245918a1… 84% of bytes beyond ASCII: binary
/// { head -c 1048575 /dev/zero | tr '\0' a; printf '\r\nb\n'; } | md5sum   # deb8178c… see the chunk test
/// (normalising the whole file instead, `sed 's/\r$//'`, gives 5c99a732…: DVC 2 read 1 MiB at a time)
/// </code>
/// </summary>
public sealed class Dos2UnixTests : IDisposable
{
    private const string Crlf = "id,label\r\n1,fraud\r\n2,ok\r\n";

    private readonly TempDirectory _dir = new();

    private string Write(byte[] content)
    {
        var path = _dir.File("data.csv");
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public void HexesOfFile_Dvc2CrlfText_Md5OfTheTextWithLfLineEnds()
    {
        var path = Write(Encoding.ASCII.GetBytes(Crlf));

        var (sha256, md5) = ContentHash.HexesOfFile(path, dvc2: true);

        md5.ShouldBe("f3944b251dfe19edb8d7d54fbe5eaaf5");
        sha256.ShouldBe("1a68329d7d8937de4fa30843054d56027b955930a96a9448977de25c281aeb46", "the SHA-256 is always of the bytes (sha256sum)");
    }

    [Fact]
    public void HexesOfFile_Dvc3CrlfText_Md5OfTheBytes() =>
        ContentHash.HexesOfFile(Write(Encoding.ASCII.GetBytes(Crlf))).Md5.ShouldBe("4fa485dd25d2c314c0bfdec3a73f68fe");

    [Fact]
    public void HexesOfFile_Dvc2FileWithANulByte_BinarySoTheBytes() =>
        ContentHash.HexesOfFile(Write("a\r\n\0b\r\n"u8.ToArray()), dvc2: true).Md5.ShouldBe("e9edb956dbaaaedb0aa43117f5961b20");

    [Fact]
    public void HexesOfFile_Dvc2MostlyNonAsciiText_BinaryByDvcsHeuristicSoTheBytes() =>
        ContentHash.HexesOfFile(Write(Encoding.UTF8.GetBytes("привет,мир\r\nпока\r\n")), dvc2: true).Md5.ShouldBe("245918a13e954efe7010b8874d7e4b79");

    [Fact]
    public void HexesOfFile_Dvc2CrlfSplitAcrossTheFirstMebibyte_KeptAsDvc2ReadItChunkByChunk()
    {
        // 1 MiB − 1 'a', then CRLF, 'b', CRLF: DVC 2 normalised each 1 MiB read on its own, so the CR ending the first
        // chunk and the LF starting the second stay; the second CRLF is one chunk's and becomes LF.
        var content = new byte[Dos2Unix.ChunkBytes + 4];
        content.AsSpan(0, Dos2Unix.ChunkBytes - 1).Fill((byte)'a');
        "\r\nb\r\n"u8.CopyTo(content.AsSpan(Dos2Unix.ChunkBytes - 1));

        ContentHash.HexesOfFile(Write(content), dvc2: true).Md5.ShouldBe("deb8178cc400550795d42d701b97846d");
    }

    [Theory]
    [InlineData(new byte[] { }, true)]
    [InlineData(new byte[] { 0x61, 0x00, 0x62 }, false)]
    [InlineData(new byte[] { 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0xC3, 0xA9, 0x80 }, true)] // 3 of 10 not text: 30%, text
    [InlineData(new byte[] { 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0xC3, 0xA9, 0x80, 0x81 }, false)] // 4 of 10: binary
    [InlineData(new byte[] { 0x09, 0x0A, 0x0D, 0x0C, 0x08, 0x20, 0x7E }, true)] // \t \n \r \f \b, space, ~
    [InlineData(new byte[] { 0x1B, 0x7F, 0x61 }, false)] // ESC and DEL are not text: 2 of 3
    public void IsText_DvcsBlockRule(byte[] head, bool text) => Dos2Unix.IsText(head).ShouldBe(text);

    public void Dispose() => _dir.Dispose();
}
