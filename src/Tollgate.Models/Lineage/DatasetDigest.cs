using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;
using Tollgate.Domain.Registry;

namespace Tollgate.Models.Lineage;

/// <summary>
/// Content addresses of training data: a file is SHA-256 over its full content, streamed; a directory is SHA-256
/// over its manifest, one line <c>&lt;sha256&gt;  &lt;relative path&gt;</c> per file in ordinal path order (DVC's
/// <c>.dir</c> idea with SHA-256; a symbolic link is followed and listed under its own path, <see cref="DirectoryFiles"/>), so renaming, adding or changing any file changes the digest; a DVC lock (named
/// <c>dvc.lock</c>, or any file whose content is one, <see cref="DatasetKind"/>) contributes the outputs and the data
/// from outside the repository it pins (<see cref="DvcLock"/>), a <c>.dvc</c> file the data it tracks and where
/// imported data came from (<see cref="DotDvcFile"/>).
/// </summary>
public static class DatasetDigest
{
    /// <summary>
    /// The datasets <paramref name="path"/> stands for, read as <paramref name="kind"/> says: by default a file named
    /// <c>dvc.lock</c>, or one whose content is a DVC lock (<see cref="DvcLock.Looks"/>), by the outputs it pins, a
    /// file named <c>*.dvc</c> by the data it tracks, and anything else by its content. A file taken for a lock or a
    /// <c>.dvc</c> file that does not read as one is bad input saying why it was taken for one, never hashed instead:
    /// its outputs would be missing from the lineage.
    /// </summary>
    public static IReadOnlyList<DatasetInput> Of(string path, string shown, DatasetKind kind = DatasetKind.Auto, CancellationToken cancellationToken = default) =>
        Read(path, shown, kind, dvcAddress: false, cancellationToken).Datasets;

    /// <summary>
    /// <see cref="Of"/>'s reading, once: the datasets; for data read by its content with <paramref name="dvcAddress"/>,
    /// also DVC's md5 of it; for a lock or a <c>.dvc</c> file, also what it records of the data in the repository.
    /// </summary>
    private static (IReadOnlyList<DatasetInput> Datasets, string? Md5, DvcRecord? Record) Read(string path, string shown, DatasetKind kind, bool dvcAddress, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case DatasetKind.File:
                return Hashed(path, shown, dvcAddress, cancellationToken);
            case DatasetKind.DvcLock:
                if (Directory.Exists(path))
                {
                    throw new InvalidInputException($"--dataset {shown}: --dataset-kind dvc-lock reads a DVC lock file, and this is a directory");
                }

                return Recorded(DvcLock.ReadAll(path, shown));
            case DatasetKind.DvcFile:
                if (Directory.Exists(path))
                {
                    throw new InvalidInputException($"--dataset {shown}: --dataset-kind dvc-file reads a .dvc file, and this is a directory");
                }

                return Recorded(DotDvcFile.ReadAll(path, shown));
        }

        if (!File.Exists(path))
        {
            return Hashed(path, shown, dvcAddress, cancellationToken);
        }

        var (read, why) = DvcReading(path);
        if (read == DatasetKind.File)
        {
            return Hashed(path, shown, dvcAddress, cancellationToken);
        }

        try
        {
            return Recorded(read == DatasetKind.DvcFile ? DotDvcFile.ReadAll(path, shown) : DvcLock.ReadAll(path, shown));
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"{e.Message} ({why}; --dataset-kind file hashes it as data instead)", e);
        }

        static (IReadOnlyList<DatasetInput>, string?, DvcRecord?) Recorded(DvcRecord record) => (record.Datasets, null, record);
    }

    private static (IReadOnlyList<DatasetInput> Datasets, string? Md5, DvcRecord? Record) Hashed(string path, string shown, bool dvcAddress, CancellationToken cancellationToken)
    {
        var (input, md5) = Content(path, shown, "--dataset", dvcAddress, dvc2: false, cancellationToken);
        return ([input], md5, null);
    }

    /// <summary>How DVC's file at <paramref name="path"/> is read and why it was taken for one; (File, null) for data.</summary>
    private static (DatasetKind Read, string? Why) DvcReading(string path)
    {
        var name = Path.GetFileName(path);
        return name == "dvc.lock" ? (DatasetKind.DvcLock, "a file named dvc.lock is read as a DVC lock")
            : name.EndsWith(".dvc", StringComparison.Ordinal) ? (DatasetKind.DvcFile, "a file named *.dvc is read as a .dvc file")
            : DvcLock.Looks(path) ? (DatasetKind.DvcLock, "it was read as a DVC lock for its schema and stages")
            : (DatasetKind.File, null);
    }

    /// <summary>A model artifact's digest: a file's or a directory's content, as a dataset's, in <c>--artifact</c>'s words (a <c>dvc.lock</c> is a file like any other here).</summary>
    public static DatasetInput OfArtifact(string path, string shown, CancellationToken cancellationToken = default) =>
        OfContent(path, shown, "--artifact", cancellationToken);

    private static DatasetInput OfContent(string path, string shown, string option, CancellationToken cancellationToken) =>
        Content(path, shown, option, dvcAddress: false, dvc2: false, cancellationToken).Input;

    /// <summary>
    /// The digests <c>model which</c> looks <paramref name="path"/> up by: what <c>register</c> records for it and,
    /// for data read by its content, also the address DVC gives the same content (<c>md5:</c> of a file, a directory's
    /// <c>md5:….dir</c> over its files' MD5s, <see cref="DvcTree"/>), so a version registered from a <c>.dvc</c> file
    /// or a <c>dvc.lock</c> that pins this data is found from the data itself.
    /// <para>
    /// A <c>.dvc</c> file or a lock is looked up by what it records and, for each entry inside the repository whose data
    /// the workspace holds as recorded (<see cref="DvcWorkspace"/>: a <c>.dvc</c> file's outputs, a lock's outputs and
    /// the dependencies that are not outputs), also by the SHA-256 of that data, so a version registered from the data
    /// itself is found from its pointer or its lock; data that differs from the record or is not there is said in a
    /// note.
    /// </para>
    /// </summary>
    public static DatasetLookUp ToLookUp(string path, string shown, DatasetKind kind = DatasetKind.Auto, CancellationToken cancellationToken = default)
    {
        var (datasets, md5, record) = Read(path, shown, kind, dvcAddress: true, cancellationToken);
        var recorded = datasets.Select(d => d.Digest).Concat(md5 is null ? [] : [md5]).ToList();
        if (record is null)
        {
            return new(recorded, []);
        }

        var tracked = DvcWorkspace.Check(record, shown, cancellationToken);
        return new(recorded.Concat(tracked.Select(t => t.Content).OfType<string>()).Distinct(StringComparer.Ordinal).ToList(),
            record.Notes.Concat(tracked.Select(t => t.Note).OfType<string>()).ToList());
    }

    /// <summary>
    /// The digest <c>register</c> records for the file or directory at <paramref name="path"/> and, with
    /// <paramref name="dvcAddress"/>, DVC's md5 of it (DVC 2's with <paramref name="dvc2"/>, <see cref="Dos2Unix"/>).
    /// </summary>
    internal static (DatasetInput Input, string? Md5) Content(string path, string shown, string option, bool dvcAddress, bool dvc2, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            var (sha256, md5, length) = ContentHash.Read(path, dvcAddress, dvc2);
            return (new DatasetInput("sha256:" + sha256, shown) { Bytes = length, Files = 1 }, md5 is null ? null : "md5:" + md5);
        }

        if (Directory.Exists(path))
        {
            return OfDirectory(path, shown, option, dvcAddress, dvc2, cancellationToken);
        }

        throw Missing(path, shown, option);
    }

    /// <summary>
    /// "--dataset x.csv does not exist" (as every missing input is worded) for data that is not at <paramref name="path"/>; or, where its name
    /// starts with a dash, an option the command does not have, taken for one more value (<c>--dataset a.csv --bogus</c>).
    /// </summary>
    public static InvalidInputException Missing(string path, string shown, string option) =>
        InputFile.Missing(path, $"{option} {shown}");

    /// <summary>
    /// True for a digest as datasets are recorded: <c>sha256:</c> and 64 lowercase hex digits, <c>md5:</c> and 32 (a
    /// dvc.lock output; a directory's ends in <c>.dir</c>), a dvc.lock pin with its location (<c>version_id:</c>,
    /// <c>etag:</c>, <c>checksum:</c>, <c>rev_lock:</c> or <c>version:</c> VALUE@LOCATION, <see cref="DvcPins"/>), or
    /// <c>mlflow:</c> and MLflow's own digest from an import.
    /// </summary>
    public static bool IsRecordable(string digest)
    {
        static bool Hex(ReadOnlySpan<char> text, int length) => text.Length == length && text.IndexOfAnyExcept(LowerHex) < 0;
        var text = digest.AsSpan();
        return text.StartsWith("sha256:", StringComparison.Ordinal) ? Hex(text[7..], 64)
            : text.StartsWith("md5:", StringComparison.Ordinal) ? Hex(text[4..] is var md5 && md5.EndsWith(".dir", StringComparison.Ordinal) ? md5[..^4] : md5, 32)
            : text.StartsWith("mlflow:", StringComparison.Ordinal) ? text.Length > 7 && !text.ContainsAny(Blanks)
            : DvcPins.IsLocated(text);
    }

    /// <summary>Why <see cref="IsRecordable"/> refused a digest, worded as <c>approve --digest</c> words its refusal.</summary>
    public static string NotRecordable(string digest) =>
        digest.Trim().Length == 0 ? EmptyValue.Error("--digest", "give a dataset digest as recorded (sha256:…, md5:…, mlflow:…), or --dataset PATH").Message :
        $"--digest {digest} is not a dataset digest (sha256: and 64 hex digits; md5: and 32, or version_id:, etag:, checksum:, rev_lock: or version: VALUE@LOCATION, from dvc.lock; mlflow:… from an import)";

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    private static readonly System.Buffers.SearchValues<char> Blanks = System.Buffers.SearchValues.Create(" \t\r\n\f\v");

    /// <summary>
    /// True for a file under a <c>.tollgate</c> directory, where the default ledger lives: <c>--dataset .</c> or
    /// <c>--artifact .</c> run where the ledger is would hash the ledger, which the registration itself then changes, so
    /// the same command was "a version is immutable" a minute later and <c>which --dataset .</c> never matched.
    /// </summary>
    private static bool InLedgerDirectory(string relative) =>
        relative.StartsWith(".tollgate/", StringComparison.Ordinal) || relative.Contains("/.tollgate/", StringComparison.Ordinal);

    private static (DatasetInput Input, string? Md5) OfDirectory(string path, string shown, string option, bool dvcAddress, bool dvc2, CancellationToken cancellationToken)
    {
        var files = DirectoryFiles.Of(path, $"{option} {shown}")
            .Where(f => !InLedgerDirectory(f.Relative))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new InvalidInputException($"{option} {shown}: the directory holds no files");
        }

        using var manifest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var md5s = new List<(string RelPath, string Value)>(dvcAddress ? files.Count : 0);
        long bytes = 0;
        foreach (var (full, relative) in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (sha256, md5, length) = ContentHash.Read(full, dvcAddress, dvc2);
            manifest.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{sha256}  {relative}\n")));
            if (md5 is not null)
            {
                md5s.Add((relative, md5));
            }

            bytes += length;
        }

        var input = new DatasetInput("sha256:" + Convert.ToHexStringLower(manifest.GetHashAndReset()), shown) { Kind = "directory", Bytes = bytes, Files = files.Count };
        return (input, dvcAddress ? "md5:" + DvcTree.Digest(md5s, "md5") : null);
    }
}
