using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tollgate.Domain;
using Tollgate.Domain.Registry;

namespace Tollgate.Models.Lineage;

/// <summary>
/// Content addresses of training data: a file is SHA-256 over its full content, streamed; a directory is SHA-256
/// over its manifest, one line <c>&lt;sha256&gt;  &lt;relative path&gt;</c> per file in ordinal path order (DVC's
/// <c>.dir</c> idea with SHA-256), so renaming, adding or changing any file changes the digest; a <c>dvc.lock</c>
/// contributes the outputs it pins (<see cref="DvcLock"/>).
/// </summary>
public static class DatasetDigest
{
    public static IReadOnlyList<DatasetInput> Of(string path, string shown, CancellationToken cancellationToken = default)
    {
        if (Path.GetFileName(path) == "dvc.lock" && File.Exists(path))
        {
            return DvcLock.Read(path, shown);
        }

        if (File.Exists(path))
        {
            return [new DatasetInput("sha256:" + ContentHash.HexOfFile(path), shown) { Bytes = new FileInfo(path).Length, Files = 1 }];
        }

        if (Directory.Exists(path))
        {
            return [OfDirectory(path, shown, cancellationToken)];
        }

        throw new InvalidInputException($"--dataset {shown}: no such file or directory");
    }

    private static DatasetInput OfDirectory(string path, string shown, CancellationToken cancellationToken)
    {
        var files = Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Select(f => (Full: f, Relative: Path.GetRelativePath(path, f).Replace('\\', '/')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new InvalidInputException($"--dataset {shown}: the directory holds no files");
        }

        using var manifest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long bytes = 0;
        foreach (var (full, relative) in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            manifest.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{ContentHash.HexOfFile(full)}  {relative}\n")));
            bytes += new FileInfo(full).Length;
        }

        return new DatasetInput("sha256:" + Convert.ToHexStringLower(manifest.GetHashAndReset()), shown) { Kind = "directory", Bytes = bytes, Files = files.Count };
    }
}
