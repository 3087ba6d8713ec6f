namespace Tollgate.Domain.Inputs;

/// <summary>
/// Paths as messages name them: under a directory as the user gave it, with <c>/</c>, <c>.</c> dropped and
/// <c>x/..</c> folded as <see cref="Path.GetFullPath(string)"/> folds them, so a file reached through a parent directory
/// reads as the path that opens it (<c>infra/../shared/main.tf</c> is <c>shared/main.tf</c>). Relative stays relative
/// (a leading <c>..</c> is kept), absolute stays absolute.
/// </summary>
public static class ShownPath
{
    /// <summary><paramref name="path"/> under <paramref name="directory"/> (null or empty: the working directory); a rooted <paramref name="path"/> stands alone.</summary>
    public static string Join(string? directory, string? path)
    {
        var start = (path is not null && Path.IsPathRooted(path) ? path : directory ?? "").Replace('\\', '/');
        var rooted = start.StartsWith('/');
        var whole = (path is not null && Path.IsPathRooted(path) ? path : $"{directory}/{path}").Replace('\\', '/');
        var parts = new List<string>();
        foreach (var part in whole.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == ".." && parts.Count > 0 && parts[^1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            if (part == ".." && rooted)
            {
                continue; // /.. is /
            }

            parts.Add(part);
        }

        return (rooted ? "/" : "") + string.Join('/', parts);
    }
}
