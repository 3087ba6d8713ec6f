using Tollgate.Yaml;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// Whether a service or environment name the ledger has never seen nearly duplicates one it has, so that a deploy or
/// drill recorded under it would sit beside the real one where nobody looks it up: the same name but for case or
/// <c>-</c>, <c>_</c>, <c>.</c> (<c>Checkout</c>, <c>check_out</c>), a known abbreviation of it (<c>prod</c> and
/// <c>production</c>, <c>stg</c> and <c>staging</c>), or a small typo (one edit in a name of 4 to 7 characters, two from
/// 8 on, a swap of neighbours counting one: <c>chekout</c>). Names of 3 characters or fewer differ by typos only
/// through case or separators (<c>api</c> and <c>app</c> are two services), and names that differ only in their
/// digits are numbered siblings, never typos (<c>eu-west-1</c> and <c>eu-west-2</c>, <c>shard1</c> and <c>shard12</c>).
/// </summary>
public static class NearDuplicate
{
    private static readonly string[][] Abbreviations =
    [
        ["prod", "prd", "production"],
        ["stg", "stage", "staging"],
        ["dev", "development"],
        ["tst", "test", "testing"],
        ["sbx", "sandbox"],
    ];

    /// <summary>
    /// The name of <paramref name="known"/> that <paramref name="name"/> nearly duplicates (the closest, then the first
    /// by ordinal order), or null: when <paramref name="name"/> is itself known, or nothing known is close to it.
    /// </summary>
    public static string? Of(string name, IReadOnlyCollection<string> known)
    {
        if (known.Contains(name, StringComparer.Ordinal))
        {
            return null;
        }

        var key = Key(name);
        string? nearest = null;
        var nearestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            if (Distance(key, Key(candidate)) is { } distance
                && (distance < nearestDistance || (distance == nearestDistance && string.CompareOrdinal(candidate, nearest) < 0)))
            {
                (nearest, nearestDistance) = (candidate, distance);
            }
        }

        return nearest;
    }

    /// <summary>How far apart two keys are when they are near duplicates (0: the same but for case, separators or an abbreviation); null when they are not.</summary>
    private static int? Distance(string a, string b)
    {
        if (a == b)
        {
            return 0;
        }

        if (Digitless(a) == Digitless(b))
        {
            return null;
        }

        if (Abbreviations.Any(group => group.Contains(a) && group.Contains(b)))
        {
            return 0;
        }

        var shorter = Math.Min(a.Length, b.Length);
        var allowed = shorter >= 8 ? 2 : shorter >= 4 ? 1 : 0;
        return allowed > 0 && Math.Abs(a.Length - b.Length) <= allowed && KeySuggestion.Distance(a, b) is var d && d <= allowed ? d : null;
    }

    /// <summary>The name in lower case with <c>_</c>, <c>.</c> and spaces read as <c>-</c>.</summary>
    private static string Key(string name) =>
        string.Create(name.Length, name, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] is '_' or '.' or ' ' ? '-' : char.ToLowerInvariant(source[i]);
            }
        });

    private static string Digitless(string key) => string.Concat(key.Where(c => !char.IsAsciiDigit(c)));
}
