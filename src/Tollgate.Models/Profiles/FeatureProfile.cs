using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Models.Profiles;

/// <summary>
/// One feature's mergeable summary. Numbers go into a log-bucket histogram with 0.5% relative accuracy (the bucket of
/// x &gt; 0 is ⌈ln x / ln γ⌉, γ = 1.005/0.995, as DDSketch does), text into exact category counts. Merging adds counts,
/// so merging shard profiles gives exactly the profile of the whole data, whatever the order.
/// </summary>
public sealed class FeatureProfile
{
    public const double RelativeAccuracy = 0.005;

    private static readonly double Gamma = (1 + RelativeAccuracy) / (1 - RelativeAccuracy);
    private static readonly double LogGamma = Math.Log(Gamma);

    /// <summary><c>numeric</c> or <c>categorical</c>.</summary>
    public string Kind { get; set; } = "numeric";

    public long Missing { get; set; }

    public long Zeros { get; set; }

    public Dictionary<int, long>? Positive { get; set; }

    public Dictionary<int, long>? Negative { get; set; }

    public Dictionary<string, long>? Categories { get; set; }

    public bool IsNumeric => Kind == "numeric";

    /// <summary>What makes a profile read from a file unusable (a hand edit, another tool's JSON), or null.</summary>
    public string? Problem() => Kind switch
    {
        "numeric" when Positive is null || Negative is null => "a numeric feature without its \"positive\" and \"negative\" buckets",
        "categorical" when Categories is null => "a categorical feature without its \"categories\"",
        "numeric" or "categorical" when Missing < 0 || Zeros < 0 || (Positive?.Values.Any(c => c < 0) == true || Negative?.Values.Any(c => c < 0) == true || Categories?.Values.Any(c => c < 0) == true)
            => "a negative count",
        "numeric" or "categorical" when Positive?.Values.Any(c => c == 0) == true || Negative?.Values.Any(c => c == 0) == true || Categories?.Values.Any(c => c == 0) == true
            => "a bucket or category with a count of 0 (a profile lists only what it saw)",
        "numeric" or "categorical" => null,
        _ => $"kind '{Kind}' (numeric or categorical)",
    };

    public static FeatureProfile Numeric() => new() { Kind = "numeric", Positive = [], Negative = [] };

    public static FeatureProfile Categorical() => new() { Kind = "categorical", Categories = new(StringComparer.Ordinal) };

    public void Add(double x)
    {
        if (!double.IsFinite(x))
        {
            Missing++;
        }
        else if (x == 0)
        {
            Zeros++;
        }
        else
        {
            var map = x > 0 ? Positive! : Negative!;
            var key = (int)Math.Ceiling(Math.Log(Math.Abs(x)) / LogGamma);
            map[key] = map.GetValueOrDefault(key) + 1;
        }
    }

    public void Add(string? category)
    {
        if (category is null)
        {
            Missing++;
            return;
        }

        Categories![category] = Categories.GetValueOrDefault(category) + 1;
    }

    public void Merge(FeatureProfile other)
    {
        if (other.Kind != Kind)
        {
            throw new Domain.InvalidInputException($"cannot merge a {other.Kind} profile into a {Kind} one");
        }

        Missing += other.Missing;
        Zeros += other.Zeros;
        AddAll(Positive, other.Positive);
        AddAll(Negative, other.Negative);
        AddAll(Categories, other.Categories);
    }

    /// <summary>The buckets as a distribution, each at its representative value 2γ^k/(γ+1) (relative error ≤ 0.5%).</summary>
    public EmpiricalDistribution ToDistribution()
    {
        var points = new List<(double Value, long Count)>();
        points.AddRange(Negative!.Select(kv => (-Representative(kv.Key), kv.Value)));
        if (Zeros > 0)
        {
            points.Add((0, Zeros));
        }

        points.AddRange(Positive!.Select(kv => (Representative(kv.Key), kv.Value)));
        points.Sort((a, b) => a.Value.CompareTo(b.Value));
        return EmpiricalDistribution.FromCounts(points.Select(p => p.Value).ToArray(), points.Select(p => p.Count).ToArray());
    }

    private static double Representative(int key) => 2 * Math.Pow(Gamma, key) / (Gamma + 1);

    private static void AddAll<TKey>(Dictionary<TKey, long>? into, Dictionary<TKey, long>? from)
        where TKey : notnull
    {
        if (into is null || from is null)
        {
            return;
        }

        foreach (var (key, count) in from)
        {
            into[key] = into.GetValueOrDefault(key) + count;
        }
    }
}
