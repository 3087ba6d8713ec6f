using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Models.Lineage;

/// <summary>
/// DVC's address of a directory from its list of files, as DVC computes it when a <c>dvc.lock</c> lists the files
/// instead of the directory's hash (cloud versioning): MD5 over the JSON list of <c>{KEY: value, "relpath": path}</c>,
/// one per file, sorted by path, keys sorted, written as Python's <c>json.dumps(…, sort_keys=True)</c> writes it
/// (<c>", "</c> and <c>": "</c> between items, non-ASCII as <c>\uXXXX</c>), with <c>.dir</c> after it
/// (https://github.com/iterative/dvc-data/blob/main/src/dvc_data/hashfile/tree.py, <c>Tree.as_bytes</c> and
/// <c>digest</c>). With KEY <c>md5</c> this is the directory's <c>md5</c> DVC writes when it does not list the files,
/// so the same data has the same digest either way; with <c>etag</c> it is the hash DVC itself keeps for a directory
/// outside the repository.
/// </summary>
public static class DvcTree
{
    /// <summary>The digest (hex MD5 and <c>.dir</c>) of <paramref name="files"/> (relative path, value of <paramref name="key"/>).</summary>
    public static string Digest(IEnumerable<(string RelPath, string Value)> files, string key)
    {
        var relpathFirst = string.CompareOrdinal("relpath", key) < 0;
        var json = new StringBuilder("[");
        foreach (var (relPath, value) in files.OrderBy(f => f.RelPath, CodePointOrder.Instance))
        {
            json.Append(json.Length > 1 ? ", {" : "{");
            if (relpathFirst)
            {
                Pair(json, "relpath", relPath).Append(", ");
                Pair(json, key, value);
            }
            else
            {
                Pair(json, key, value).Append(", ");
                Pair(json, "relpath", relPath);
            }

            json.Append('}');
        }

        json.Append(']');
#pragma warning disable CA5351 // MD5 is DVC's address of a directory, compared, never trusted for integrity
        return Convert.ToHexStringLower(MD5.HashData(Encoding.ASCII.GetBytes(json.ToString()))) + ".dir";
#pragma warning restore CA5351
    }

    private static StringBuilder Pair(StringBuilder json, string key, string value) =>
        Quoted(Quoted(json, key).Append(": "), value);

    /// <summary>A JSON string as Python's <c>json.dumps</c> writes it with <c>ensure_ascii</c> (its default).</summary>
    private static StringBuilder Quoted(StringBuilder json, string text)
    {
        json.Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => json.Append("\\\""),
                '\\' => json.Append("\\\\"),
                '\n' => json.Append("\\n"),
                '\r' => json.Append("\\r"),
                '\t' => json.Append("\\t"),
                '\b' => json.Append("\\b"),
                '\f' => json.Append("\\f"),
                < ' ' or > '~' => json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => json.Append(c),
            };
        }

        return json.Append('"');
    }

    /// <summary>Python's order of strings: by code point (UTF-16's ordinal order differs above the surrogates).</summary>
    private sealed class CodePointOrder : IComparer<string>
    {
        public static readonly CodePointOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var (a, b) = (x!.EnumerateRunes(), y!.EnumerateRunes());
            while (true)
            {
                var (moreA, moreB) = (a.MoveNext(), b.MoveNext());
                if (!moreA || !moreB)
                {
                    return moreA.CompareTo(moreB);
                }

                if (a.Current.Value != b.Current.Value)
                {
                    return a.Current.Value.CompareTo(b.Current.Value);
                }
            }
        }
    }
}
