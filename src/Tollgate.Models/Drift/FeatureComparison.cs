using Tollgate.Domain;
using Tollgate.Domain.Statistics.Drift;

namespace Tollgate.Models.Drift;

/// <summary>Compares one feature's reference and current samples: the deciding test, the effect size and the binned distances.</summary>
public static class FeatureComparison
{
    public static FeatureDrift Compare(string slice, FeatureSample reference, FeatureSample current, DriftRequest request)
    {
        var numeric = reference.Numbers is not null && current.Numbers is not null;
        var mixed = !numeric && (reference.Numbers is not null || current.Numbers is not null);
        if (mixed && reference.Present > 0 && current.Present > 0)
        {
            var (numbers, text, words) = reference.Numbers is not null ? ("reference", "current", current.Categories!) : ("current", "reference", reference.Categories!);
            if ((reference.Numbers is not null ? current : reference) is { SavedBeforeMissingMarkers: true } saved && Stale(saved.Categories!) is { Length: > 0 } markers)
            {
                throw new InvalidInputException($"feature {reference.Name} holds numbers in the {numbers} data and text in the {text} profile ({markers}, which this version reads as missing among numbers): the profile was saved before N/A, n/a and - counted as missing; re-profile the {text} with this version (tollgate model profile)");
            }

            throw new InvalidInputException($"feature {reference.Name} holds numbers in the {numbers} data and text in the {text}{NotNumbers(words)} (one text cell makes a column text): compare columns of one kind");
        }

        // A side with no values (a file with only its header, a column missing in every row) has no kind of its own: the
        // feature is too small to judge, as the side that has values reads it.
        var kind = (reference.Present > 0 ? reference : current).Numbers is not null ? "numeric" : "categorical";
        var result = new FeatureDrift(slice, reference.Name, kind, reference.Present, current.Present)
        {
            ReferenceMissing = reference.Missing,
            CurrentMissing = current.Missing,
        };
        if (mixed || reference.Present < request.MinRows || current.Present < request.MinRows)
        {
            return result with { TooSmall = true };
        }

        return numeric ? Numeric(result, reference.Numbers!, current.Numbers!, request) : Categorical(result, reference.Categories!, current.Categories!);
    }

    /// <summary>
    /// The text side's cells that are no number, most frequent first (<c>: 'inf' in 3 rows, 'n/a' in 1</c>): what to
    /// find and fix, where the message once named no cell. Cells a numeric column takes as missing (empty, NA, n/a,
    /// -…) are not named: they are not what made the column text.
    /// </summary>
    private static string NotNumbers(IReadOnlyDictionary<string, long> categories)
    {
        var words = categories.Where(c => !Tables.ColumnBuilder.IsMissingNumber(c.Key)).Where(c => !double.TryParse(c.Key, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        return words.Count == 0 ? ""
            : ": " + string.Join(", ", words.Take(3).Select(w => $"'{Domain.Reports.TextSafe.Line(w.Key)}' in {Domain.Reports.Counted.Of(w.Value, "row")}")) + (words.Count > 3 ? $" and {words.Count - 3} more" : "");
    }

    /// <summary>
    /// A saved profile's text that is only numbers and missing markers of a numeric column (<c>'n/a' in 3 rows</c>):
    /// a column profiled before those markers counted as missing, which this version reads as numbers; empty otherwise.
    /// </summary>
    internal static string Stale(IReadOnlyDictionary<string, long> categories)
    {
        var markers = categories.Where(c => c.Key.Length > 0 && Tables.ColumnBuilder.IsMissingNumber(c.Key)).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        return markers.Count == 0 || NotNumbers(categories).Length > 0 ? ""
            : string.Join(", ", markers.Take(3).Select(w => $"'{Domain.Reports.TextSafe.Line(w.Key)}' in {Domain.Reports.Counted.Of(w.Value, "row")}"));
    }

    private static FeatureDrift Numeric(FeatureDrift result, EmpiricalDistribution reference, EmpiricalDistribution current, DriftRequest request)
    {
        var compared = NumericComparison.Of(reference, current, request.Bins);
        var ks = KolmogorovSmirnov.Test(compared.Walk, request.KsMethod);
        var w1 = Wasserstein.Normalised(compared.Walk, reference);
        // Every reference value in one bin (a constant reference): PSI and Jensen-Shannon over one bin are 0 whatever the
        // current holds, so they are not figures of this comparison (n/a), where KS and W1 still are.
        var binned = compared.ReferenceBins.Length > 1 ? WithBinned(result, compared.ReferenceBins, compared.CurrentBins) : result with { Bins = 1 };
        return binned with
        {
            Wasserstein = compared.Walk.Wasserstein,
            ReferenceStd = reference.StandardDeviation(),
            Test = ks.Method == KsMethod.Exact ? "ks-exact" : "ks-asymptotic",
            Statistic = ks.Statistic,
            PValue = ks.PValue,
            EffectName = "wasserstein/std",
            Effect = w1,
            WassersteinNormalised = w1,
        };
    }

    private static FeatureDrift Categorical(FeatureDrift result, IReadOnlyDictionary<string, long> reference, IReadOnlyDictionary<string, long> current)
    {
        var categories = reference.Keys.Union(current.Keys).Order(StringComparer.Ordinal).ToArray();
        var r = categories.Select(k => reference.GetValueOrDefault(k)).ToArray();
        var c = categories.Select(k => current.GetValueOrDefault(k)).ToArray();
        // Rare categories pooled (SparseCategories): the distances are of the table the test judged.
        var test = SparseCategories.Test(r, c);
        if (test.Untestable)
        {
            return result with { Sparse = categories.Length };
        }

        var binned = WithBinned(result, test.Reference, test.Current);
        // What was tested: the table (rare categories pooled or not), Fisher's test of a pool still rare, the rare ones one by one.
        var name = (test.Pooled == 0 && test.Rare is null ? "chi-square" : "chi-square-pooled") + (test.Exact ? "+fisher" : "") + (test.Rare is null ? "" : "+rare");
        return binned with
        {
            Test = name,
            Statistic = test.Statistic,
            PValue = test.PValue,
            EffectName = "jensen-shannon",
            Effect = binned.JensenShannon,
            Pooled = test.Pooled,
            Rare = test.Rare is { } rare ? new RareFigure(categories[rare.Category], rare, test.RareDecided)
                : test is { Exact: true, PoolCategories: [var only] } ? PoolAsRare(test, categories[only], r[only], c[only]) : null,
            Parts = test.PartWeight > 0
                ? new CategoryParts(test.Decided, test.Common, !test.Exact, test.TablePValue, test.TableWeightUsed, test.PartWeight, test.PoolPValue,
                    [.. test.PoolCategories.Select(k => categories[k])], test.PoolCategories.Sum(k => r[k]), test.PoolCategories.Sum(k => c[k]))
                : null,
        };
    }

    /// <summary>
    /// A pool of one rare category tested by Fisher's exact test: that category tested on its own (one test), named in
    /// the evidence as the rare ones are.
    /// </summary>
    private static RareFigure PoolAsRare(SparseTest test, string name, long reference, long current) =>
        new(name, new RareCategory(test.PoolCategories[0], reference, current, test.PoolPValue, test.PoolPValue, Tests: 1), test.Decided == SparsePart.Pool);

    private static FeatureDrift WithBinned(FeatureDrift result, long[] r, long[] c)
    {
        long n = result.ReferenceRows, m = result.CurrentRows;
        var psi = BinnedDistances.Psi(r, c);
        var js = BinnedDistances.JensenShannon(r, c);
        return result with
        {
            Bins = r.Length,
            Psi = psi,
            PsiPValue = BinnedDistances.PsiPValue(psi, n, m, r.Length),
            JensenShannon = js,
            JensenShannonPValue = BinnedDistances.JensenShannonPValue(js, n, m, r.Length),
        };
    }
}
