namespace Tollgate.Yaml;

/// <summary>
/// "did you mean" for a mistyped key: the accepted key nearest by edit distance (case-insensitive, transpositions
/// counting one), when it is at most two edits away; a typo like <c>maxDependent</c> or <c>treshold</c> is one.
/// </summary>
public static class KeySuggestion
{
    public const int MaxDistance = 2;

    /// <summary>The closest of <paramref name="accepted"/> to <paramref name="key"/>, or null when none is close.</summary>
    public static string? For(string key, IEnumerable<string> accepted)
    {
        string? best = null;
        var bestDistance = MaxDistance + 1;
        foreach (var candidate in accepted)
        {
            var distance = Distance(key.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best;
    }

    /// <summary>
    /// What follows "unknown key 'X'": <c>; did you mean 'threshold'?</c> for a near miss, else
    /// <c> (expected one of: a, b, c)</c>.
    /// </summary>
    public static string Hint(string key, IReadOnlyCollection<string> accepted) =>
        For(key, accepted) is { } near ? $"; did you mean '{near}'?" : $" (expected one of: {string.Join(", ", accepted)})";

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
