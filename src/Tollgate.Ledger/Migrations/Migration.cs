using System.Reflection;

namespace Tollgate.Ledger.Migrations;

/// <summary>One numbered schema step of one SQL dialect, stored as an embedded <c>NNNN_name.sql</c> file.</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>The migrations of a dialect (the folder name under Migrations/), in version order.</summary>
    public static IReadOnlyList<Migration> For(string dialect)
    {
        var assembly = typeof(Migration).Assembly;
        var prefix = dialect + "/";
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var file = resource[prefix.Length..^4];
            var underscore = file.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(file[..underscore], System.Globalization.CultureInfo.InvariantCulture);
            list.Add(new Migration(version, file[(underscore + 1)..], Read(assembly, resource)));
        }

        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        return list;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
