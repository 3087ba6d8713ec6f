using System.Security.Cryptography;
using Tollgate.Models.Lineage;

namespace Tollgate.Models.Tests.Lineage;

public sealed class ContentHashTests
{
    [Theory]
    [InlineData(1000, 65536)]
    [InlineData(ContentHash.Mapped + 12345, 4 << 20)]
    [InlineData(ContentHash.Mapped + 12345, ContentHash.Window)]
    public void OfFile_SmallOrMappedInWindows_IsTheSha256OfTheWholeContent(long size, long window)
    {
        using var dir = new TempDirectory();
        var bytes = new byte[size];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(dir.File("data.bin"), bytes);

        ContentHash.OfFile(dir.File("data.bin"), window).ToArray().ShouldBe(SHA256.HashData(bytes));
        ContentHash.HexOfFile(dir.File("data.bin")).ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}
