namespace Tollgate.Testing;

/// <summary>
/// dvc.lock files in the shapes DVC writes (Fixtures/Dvc, copied beside every test assembly that references this one):
/// <c>plain.lock</c> (md5 only), <c>cloud-versioned.lock</c> (the same pipeline after a push to a version-aware remote),
/// <c>external.lock</c> (data read from S3, GCS, Azure, HTTP, HDFS, SSH and an absolute path; an output on S3),
/// <c>datasets.lock</c> (<c>ds://</c> datasets of type dvc, dc and url), <c>mixed.lock</c> (one of each),
/// <c>unpinned.lock</c> (an output with a path only) and <c>unknown-shape.lock</c> (a key DVC's schema does not have);
/// and <c>.dvc</c> files: <c>dvc add</c> of a file (<c>train.csv.dvc</c>), of a directory before and after a push to a
/// version-aware remote (<c>features.dvc</c>, <c>features-pushed.dvc</c>, plain.lock's <c>data/features</c>), DVC 2's
/// with every annotation (<c>chargebacks.csv.dvc</c>), <c>dvc import</c> (<c>reference.dvc</c>), <c>dvc import-url
/// --version-aware</c> (<c>transactions.parquet.dvc</c>), <c>dvc import-db</c> (<c>chargebacks-query.dvc</c>),
/// <c>dvc import --no-exec</c> (<c>import-no-exec.dvc</c>, nothing pinned) and <c>unknown-shape.dvc</c>.
/// </summary>
public static class DvcLocks
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "Dvc", name);

    public static string Text(string name) => File.ReadAllText(Path(name));

    /// <summary>Copies fixture <paramref name="name"/> to <paramref name="directory"/>/<paramref name="as"/> (default: dvc.lock); returns the path.</summary>
    public static string CopyTo(string directory, string name, string @as = "dvc.lock")
    {
        var target = System.IO.Path.Combine(directory, @as);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        File.Copy(Path(name), target, overwrite: true);
        return target;
    }
}
