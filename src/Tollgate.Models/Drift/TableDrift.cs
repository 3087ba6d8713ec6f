using Tollgate.Domain;
using Tollgate.Domain.Statistics.Drift;
using Tollgate.Models.Profiles;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Drift;

/// <summary>
/// Drift between two tables, one feature at a time on every core: the feature's two columns are read, split by
/// slice, each slice counted (when its values have many ties) or held as it is, and compared (<see cref="NumericComparison"/>:
/// by buckets, or by one merge walk over sorted values). Only the comparisons are kept, so at any moment memory holds the columns of the features being compared, not
/// the tables.
/// </summary>
public static class TableDrift
{
    public static async Task<List<FeatureDrift>> CompareAsync(FeatureTable reference, FeatureTable current, DriftRequest request, CancellationToken cancellationToken)
    {
        var referenceSlices = await SliceRows.ReadAsync(reference, request.SliceBy, cancellationToken);
        var currentSlices = await SliceRows.ReadAsync(current, request.SliceBy, cancellationToken);
        var features = current.Names.Where(request.Compared).Order(StringComparer.Ordinal).ToArray();
        var perFeature = new FeatureDrift[features.Length][];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, features.Length), options, async (f, ct) =>
        {
            var name = features[f];
            var currentColumn = await current.ReadAsync(name, ct);
            FeatureSample[] currentSamples;
            using (Measure(request, currentColumn))
            {
                currentSamples = Samples(currentColumn, currentSlices);
            }

            var referenceColumn = reference.Names.Contains(name) ? await reference.ReadAsync(name, ct) : null;
            using var measured = Measure(request, referenceColumn);
            var referenceSamples = referenceColumn is null ? null : Samples(referenceColumn, referenceSlices);
            perFeature[f] = CompareFeature(name, referenceSlices, referenceSamples, currentSlices, currentSamples, request);

            // The results hold no values: the columns' memory serves the next features.
            current.Release(currentColumn);
            if (referenceColumn is not null)
            {
                reference.Release(referenceColumn);
            }
        });

        return Order(referenceSlices, currentSlices, features, perFeature);
    }

    /// <summary>
    /// A feature in every slice of the current table (null entries when the reference lacks the feature; a slice the
    /// reference lacks is too small to judge).
    /// </summary>
    internal static FeatureDrift[] CompareFeature(string name, SliceRows referenceSlices, FeatureSample[]? referenceSamples, SliceRows currentSlices, FeatureSample[] currentSamples, DriftRequest request)
    {
        var results = new FeatureDrift[currentSlices.Keys.Count];
        for (var s = 0; s < results.Length; s++)
        {
            var slice = currentSlices.Keys[s];
            var r = referenceSamples is null ? -1 : referenceSlices.IndexOf(slice);
            results[s] = referenceSamples is null
                ? null!
                : r < 0
                    ? new FeatureDrift(slice, name, "", 0, currentSamples[s].Present) { TooSmall = true }
                    : FeatureComparison.Compare(slice, referenceSamples[r], currentSamples[s], request);
        }

        return results;
    }

    /// <summary>The report's order: slices by name, <c>(all)</c> first, and features by name within each.</summary>
    internal static List<FeatureDrift> Order(SliceRows referenceSlices, SliceRows currentSlices, string[] features, FeatureDrift[][] perFeature)
    {
        var sliceOrder = currentSlices.Keys.Select((key, index) => (key, index))
            .OrderBy(s => s.key == DatasetProfile.AllRows ? "" : s.key, StringComparer.Ordinal).ToArray();
        var ordered = new List<FeatureDrift>();
        foreach (var (key, index) in sliceOrder)
        {
            var missing = referenceSlices.IndexOf(key) < 0;
            for (var f = 0; f < features.Length; f++)
            {
                if (perFeature[f][index] is { } result)
                {
                    ordered.Add(result);
                }
                else if (missing)
                {
                    // A feature the reference lacks is not compared, but a slice it lacks is still too small to judge.
                    ordered.Add(new FeatureDrift(key, features[f], "", 0, 0) { TooSmall = true });
                }
            }
        }

        // A slice of the reference with no rows now: said, never left out as if the rest were the whole story.
        foreach (var key in referenceSlices.Keys.Where(k => currentSlices.IndexOf(k) < 0).Order(StringComparer.Ordinal))
        {
            ordered.AddRange(features.Select(feature => new FeatureDrift(key, feature, "", 0, 0) { TooSmall = true, Absent = true }));
        }

        return ordered;
    }

    // The statistics on a column once read, timed when asked (a numeric column's rows count as its values).
    private static DriftTimings.Section? Measure(DriftRequest request, Column? column) =>
        request.Timings?.Measure(column is { IsNumeric: true } ? column.Length : 0);

    private static FeatureSample[] Samples(Column column, SliceRows slices)
    {
        var samples = new FeatureSample[slices.Keys.Count];
        if (slices.RowSlice is null && column.IsNumeric)
        {
            // Unsliced: counted, or else compared, in the pieces the column is held in, never joined into one array.
            if (TieCount.TryCount(column.NumberChunks, column.Length) is { } all)
            {
                samples[0] = new FeatureSample(column.Name, all, null, column.Length - all.Total);
                return samples;
            }

            var pieces = new List<(double[] Array, int Length)>();
            var at = 0;
            foreach (var chunk in column.NumberChunks)
            {
                var length = Math.Min(chunk.Length, column.Length - at);
                pieces.Add((chunk, EmpiricalDistribution.GatherFinite(chunk.AsSpan(0, length))));
                at += length;
            }

            var held = EmpiricalDistribution.Unsorted(pieces);
            samples[0] = new FeatureSample(column.Name, held, null, column.Length - held.Total);
            return samples;
        }

        if (column.Numbers is { } numbers)
        {
            if (slices.RowSlice is { } rowSlice)
            {
                var present = new int[samples.Length];
                var rows = new long[samples.Length];
                foreach (var s in rowSlice)
                {
                    rows[s]++;
                }

                for (var i = 0; i < numbers.Length; i++)
                {
                    if (double.IsFinite(numbers[i]))
                    {
                        present[rowSlice[i]]++;
                    }
                }

                var values = present.Select(n => new double[n]).ToArray();
                var filled = new int[samples.Length];
                for (var i = 0; i < numbers.Length; i++)
                {
                    if (double.IsFinite(numbers[i]))
                    {
                        values[rowSlice[i]][filled[rowSlice[i]]++] = numbers[i];
                    }
                }

                for (var s = 1; s < samples.Length; s++)
                {
                    samples[s] = new FeatureSample(column.Name, Distribution(values[s]), null, rows[s] - values[s].Length);
                    values[s] = [];
                }
            }

            // The whole column last (sliced, so held as one array): counted if it has many ties, else its finite
            // values are gathered to the front in place (sorted only if asked for).
            if (TieCount.TryCount(numbers) is { } counted)
            {
                samples[0] = new FeatureSample(column.Name, counted, null, numbers.Length - counted.Total);
                return samples;
            }

            var n = EmpiricalDistribution.GatherFinite(numbers);
            samples[0] = new FeatureSample(column.Name, EmpiricalDistribution.Unsorted(numbers, n), null, numbers.Length - n);
            return samples;
        }

        var counts = samples.Select(_ => new Dictionary<string, long>(StringComparer.Ordinal)).ToArray();
        var missing = new long[samples.Length];
        var texts = column.Texts!;
        for (var i = 0; i < texts.Length; i++)
        {
            Count(counts[0], missing, 0, texts[i]);
            if (slices.RowSlice is { } rowSlice)
            {
                Count(counts[rowSlice[i]], missing, rowSlice[i], texts[i]);
            }
        }

        for (var s = 0; s < samples.Length; s++)
        {
            samples[s] = new FeatureSample(column.Name, null, counts[s], missing[s]);
        }

        return samples;
    }

    // A slice's finite values (the array is handed over): counted when they have many ties, else handed over unsorted.
    private static EmpiricalDistribution Distribution(double[] values)
    {
        if (TieCount.TryCount(values) is { } counted)
        {
            return counted;
        }

        return EmpiricalDistribution.Unsorted(values, values.Length);
    }

    private static void Count(Dictionary<string, long> counts, long[] missing, int slice, string? text)
    {
        if (text is null)
        {
            missing[slice]++;
        }
        else
        {
            counts[text] = counts.GetValueOrDefault(text) + 1;
        }
    }
}
