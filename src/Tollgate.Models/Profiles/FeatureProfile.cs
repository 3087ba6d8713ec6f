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

    /// <summary>The bucket keys a finite number can have: from the smallest positive double's to the largest's.</summary>
    private static readonly int MinKey = Key(double.Epsilon), MaxKey = Key(double.MaxValue);

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
        "numeric" when Positive!.Keys.Concat(Negative!.Keys).Where(k => k < MinKey || k > MaxKey).Select(k => (int?)k).FirstOrDefault() is { } key
            => $"bucket {key}, which no finite number falls in (buckets run from {MinKey} to {MaxKey})",
        "numeric" or "categorical" when Total() is null => "counts that add up past 9223372036854775807",
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
            var key = Key(Math.Abs(x));
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

        // Buckets of subnormal magnitudes share a representative (doubles that small are 4.9e-324 apart): one point each.
        var values = new List<double>(points.Count);
        var counts = new List<long>(points.Count);
        foreach (var (value, count) in points)
        {
            if (values.Count > 0 && values[^1] == value)
            {
                counts[^1] += count;
            }
            else
            {
                values.Add(value);
                counts.Add(count);
            }
        }

        return EmpiricalDistribution.FromCounts([.. values], [.. counts]);
    }

    private static int Key(double magnitude) => (int)Math.Ceiling(Math.Log(magnitude) / LogGamma);

    /// <summary>A bucket's value, 2γ^k/(γ+1); the top bucket's is held at the largest double rather than overflow.</summary>
    private static double Representative(int key) => Math.Min(Math.Pow(Gamma, key) * (2 / (Gamma + 1)), double.MaxValue);

    /// <summary>Every count of the feature added up, or null when the sum passes a long's range (a hand edit).</summary>
    private long? Total()
    {
        try
        {
            return checked(Missing + Zeros + (Positive?.Values.Sum() ?? 0) + (Negative?.Values.Sum() ?? 0) + (Categories?.Values.Sum() ?? 0));
        }
        catch (OverflowException)
        {
            return null;
        }
    }

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
