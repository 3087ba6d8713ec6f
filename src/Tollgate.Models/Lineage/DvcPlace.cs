namespace Tollgate.Models.Lineage;

/// <summary>
/// Where the paths of a <c>.dvc</c> file or of one <c>dvc.lock</c> stage point: <see cref="Directory"/>, the directory
/// they are relative to (the file's, joined with its or the stage's <c>wdir</c>), as a full path and as the user named
/// it (<see cref="Shown"/>), and <see cref="Root"/>, the DVC repository it is in (the nearest ancestor holding
/// <c>.dvc/</c>, as DVC's <c>Repo.find_root</c> looks for it,
/// https://github.com/iterative/dvc/blob/9f901e57a20889bd08f91479cd326c3b7f80d037/dvc/repo/__init__.py#L409-L435), null
/// outside any.
/// </summary>
internal sealed record DvcPlace(string Directory, string Shown, string? Root)
{
    /// <summary>The place of the file at <paramref name="file"/> (named <paramref name="shown"/>) with <paramref name="wdir"/>.</summary>
    public static DvcPlace Of(string file, string shown, string? wdir)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        return new(Path.GetFullPath(Path.Combine(directory, wdir ?? "")), Join(Path.GetDirectoryName(shown)?.Replace('\\', '/'), wdir), RootOf(directory));
    }

    /// <summary>The full path of <paramref name="path"/>, as the file records it.</summary>
    public string Full(string path) => Path.GetFullPath(Path.Combine(Directory, path));

    /// <summary><paramref name="path"/> as the user would name it (<c>data/train.csv</c> for <c>train.csv</c> of <c>data/train.csv.dvc</c>).</summary>
    public string Named(string path) => Join(Shown, path);

    /// <summary>
    /// <paramref name="path"/> relative to the repository's root, with <c>/</c> (DVC's key of an output,
    /// <c>Output.index_key</c>); null outside a repository, or for a path that leaves it.
    /// </summary>
    public string? Key(string path)
    {
        if (Root is null)
        {
            return null;
        }

        var key = Path.GetRelativePath(Root, Full(path)).Replace('\\', '/').TrimEnd('/');
        return key is "." or "" || key == ".." || key.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(key) ? null : key;
    }

    private static string? RootOf(string directory)
    {
        for (var at = new DirectoryInfo(directory); at is not null; at = at.Parent)
        {
            if (System.IO.Directory.Exists(Path.Combine(at.FullName, ".dvc")))
            {
                return at.FullName;
            }
        }

        return null;
    }

    private static string Join(string? directory, string? path) => Tollgate.Domain.Inputs.ShownPath.Join(directory, path);
}
