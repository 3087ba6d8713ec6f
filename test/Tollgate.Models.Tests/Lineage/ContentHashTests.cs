using System.Security.Cryptography;
using Tollgate.Models.Lineage;

namespace Tollgate.Models.Tests.Lineage;

/// <summary>Every SHA-256 of a file comes from the one streamed reader, across its 1 MiB reads.</summary>
public sealed class ContentHashTests
{
    [Fact]
    public void HexOfFile_FileLongerThanOneRead_IsTheSha256OfEveryByteAndWhatReadGives()
    {
        using var dir = new TempDirectory();
        var bytes = new byte[(1 << 20) + 17];
        new Random(3).NextBytes(bytes);
        var path = dir.File("model.bin");
        File.WriteAllBytes(path, bytes);

        var hex = ContentHash.HexOfFile(path);
        var read = ContentHash.Read(path, md5: false);

        hex.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        read.Sha256.ShouldBe(hex);
        read.Bytes.ShouldBe(bytes.Length);
        ContentHash.OfFile(path).ToArray().ShouldBe(SHA256.HashData(bytes));
    }
}
