namespace Tollgate.Domain.Inputs;

/// <summary>The directories of a path that do not exist yet: what a write that creates them has made.</summary>
public static class MissingDirectories
{
    /// <summary><paramref name="directory"/> and those above it that do not exist, deepest first (empty when it exists).</summary>
    public static List<string> Of(string directory)
    {
        var missing = new List<string>();
        for (var d = directory; !string.IsNullOrEmpty(d) && !Directory.Exists(d); d = Path.GetDirectoryName(d))
        {
            missing.Add(d);
        }

        return missing;
    }
}
