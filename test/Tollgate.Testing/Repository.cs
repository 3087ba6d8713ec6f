namespace Tollgate.Testing;

/// <summary>The repository the tests were built from: examples, docs and eng scripts are read from it.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    /// <summary>The folder that holds <c>Tollgate.slnx</c>, above the test assembly.</summary>
    public static string Root => RootDirectory.Value;

    /// <summary>A path inside the repository, e.g. <c>Repository.File("docs", "rules.md")</c>.</summary>
    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Tollgate.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Tollgate.slnx not found above " + AppContext.BaseDirectory);
    }
}
