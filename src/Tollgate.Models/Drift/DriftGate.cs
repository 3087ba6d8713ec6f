using System.Globalization;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Statistics;
using Tollgate.Domain.Verdicts;
using Tollgate.Models.Profiles;
using Tollgate.Models.Tables;

namespace Tollgate.Models.Drift;

/// <summary>
/// <c>tollgate model drift</c> (and <c>--skew</c>): every feature in every slice, reference against current, judged
/// as one family. Holm's correction keeps the chance of any false alarm across all features and slices at α;
/// a finding needs both that evidence and a practically large effect. Windows too small to judge give <c>hold</c>,
/// never <c>pass</c> and never an alarm.
/// </summary>
public static class DriftGate
{
    public static async Task<Report> RunAsync(DriftRequest request, GateContext context) =>
        await GatePipeline.RunAsync(await EvidenceAsync(request, context.Cancellation), context);

    /// <summary>The comparison before any policy: findings, too-small windows as pending, the gate's own reason.</summary>
    public static async Task<Evidence> EvidenceAsync(DriftRequest request, CancellationToken cancellationToken = default)
    {
        // The digest reads every byte of the inputs: the streamed CSV reader makes it from the blocks it reads, and
        // anything else is hashed beside the comparison, not after it.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var cpu = Environment.CpuUsage.TotalTime;
        var digests = new InputDigests([.. request.Reference, request.Current]);
        var (referenceColumns, currentColumns) = (new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
        var results = Adjust(await CompareAsync(request, digests, referenceColumns, currentColumns, cancellationToken), request);
        SharesAColumn(request, referenceColumns, currentColumns); // a profile's features are known once it is read

        var digested = Digest(request, await digests.AllAsync(cancellationToken));
        request.Timings?.Whole(System.Diagnostics.Stopwatch.GetElapsedTime(started), Environment.CpuUsage.TotalTime - cpu);
        // A feature the reference has and the current lacks is missing data: never a pass.
        var compared = results.Select(r => r.Feature).ToHashSet(StringComparer.Ordinal);
        var missing = referenceColumns.Where(c => !compared.Contains(c) && request.Compared(c)).Order(StringComparer.Ordinal).ToList();
        return DriftReport.Build(request, results, digested, missing, Near(missing, currentColumns, referenceColumns));
    }

    /// <summary>
    /// For each missing feature, a current column that is nearly its name (<c>' income '</c> with spaces, <c>Income</c>,
    /// a typo) and no reference feature: most likely the same feature written otherwise, named in the hold's reason.
    /// </summary>
    private static Dictionary<string, string> Near(List<string> missing, HashSet<string> current, HashSet<string> reference)
    {
        var spare = current.Where(c => !reference.Contains(c)).ToList();
        var near = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var feature in missing)
        {
            if (spare.FirstOrDefault(c => string.Equals(c.Trim(), feature.Trim(), StringComparison.OrdinalIgnoreCase)) is { } same)
            {
                near[feature] = same;
            }
            else if (Yaml.KeySuggestion.For(feature, spare) is { } typo)
            {
                near[feature] = typo;
            }
        }

        return near;
    }

    /// <summary>
    /// Refuses a current table that shares no column with the reference: not missing data but another table, which a
    /// hold would record as if every feature had gone. Either side without columns (an empty file) is left to its reader.
    /// </summary>
    private static void SharesAColumn(DriftRequest request, IReadOnlyCollection<string> reference, IReadOnlyCollection<string> current)
    {
        if (reference.Count > 0 && current.Count > 0 && !reference.Any(current.Contains))
        {
            throw new Domain.InvalidInputException($"{request.Current} shares no column with the reference ({Names(reference)}; the current has {Names(current)}): give a table of the same features");
        }
    }

    private static string Names(IEnumerable<string> columns)
    {
        var sorted = columns.Order(StringComparer.Ordinal).ToList();
        return string.Join(", ", sorted.Take(5).Select(Domain.Reports.TextSafe.Line)) + (sorted.Count > 5 ? $", … {sorted.Count} in all" : "");
    }

    /// <summary>The decision per window: Holm across every judged window, then drifted when below α with an effect of at least the minimum.</summary>
    internal static List<FeatureDrift> Adjust(List<FeatureDrift> results, DriftRequest request)
    {
        var judged = results.Select((r, i) => (r, i)).Where(x => !x.r.TooSmall && x.r.Sparse == 0).ToArray();
        var adjusted = MultipleTesting.Holm(judged.Select(x => x.r.PValue).ToArray());
        for (var k = 0; k < judged.Length; k++)
        {
            var r = judged[k].r;
            results[judged[k].i] = r with
            {
                AdjustedPValue = adjusted[k],
                Drifted = adjusted[k] < request.Alpha && r.Effect >= request.MinEffect,
            };
        }

        return results;
    }

    // The comparison; each side's column names go into `referenceColumns` and `currentColumns`.
    private static async Task<List<FeatureDrift>> CompareAsync(DriftRequest request, InputDigests digests, HashSet<string> referenceColumns, HashSet<string> currentColumns, CancellationToken cancellationToken)
    {
        var shownReference = request.ShownReference is { } given && given.Count == request.Reference.Count ? given : request.Reference;
        foreach (var (path, shown) in request.Reference.Zip(shownReference, (path, shown) => (path, $"--reference {shown}")).Append((request.Current, $"--current {request.Shown ?? request.Current}")))
        {
            // Missing, a directory, a device: one line each (exit 3), naming the option as register does.
            Domain.Inputs.InputFile.CheckKind(path, shown);

            // Tallies, tables and read buffers of a large input fill the heap: fewer page faults, same results.
            Domain.Inputs.HugePageHeap.PrepareFor(path);
        }

        // A merged reference takes profiles only: a table among them is said to be one, with how to profile it, not parsed as JSON.
        if (request.Reference.Count > 1 && request.Reference.FirstOrDefault(path => !IsProfile(path)) is { } table)
        {
            var options = (request.SliceBy.Count > 0 ? $" --slice-by {string.Join(",", request.SliceBy)}" : "") + (request.Exclude.Count > 0 ? $" --exclude {string.Join(",", request.Exclude)}" : "");
            throw new Domain.InvalidInputException(
                $"--reference {string.Join(",", request.Reference)}: {table} is a table, and a merged reference takes profiles only: profile it first (tollgate model profile {table} -o {Path.ChangeExtension(table, ".json")}{options}) and merge that");
        }

        await CheckHeadersAsync(request, cancellationToken);

        var referenceIsProfile = request.Reference.Count > 1 || IsProfile(request.Reference[0]);
        var currentIsProfile = IsProfile(request.Current);
        if (!referenceIsProfile && !currentIsProfile)
        {
            if (await Task.Run(() => StreamedDrift.TryCompare(request, digests, cancellationToken, referenceColumns, currentColumns), cancellationToken) is { } streamed)
            {
                return streamed;
            }

            digests.HashTheRest(cancellationToken);
            var tables = await Task.WhenAll(FeatureTable.OpenAsync(request.Reference[0], request.SliceBy, cancellationToken), FeatureTable.OpenAsync(request.Current, request.SliceBy, cancellationToken));
            referenceColumns.UnionWith(tables[0].Names);
            currentColumns.UnionWith(tables[1].Names);
            return await TableDrift.CompareAsync(tables[0], tables[1], request, cancellationToken);
        }

        digests.HashTheRest(cancellationToken);
        var referenceProfile = referenceIsProfile
            ? ProfileFile.ReadMerged(request.Reference)
            : await ProfileOfTableAsync(request.Reference[0], referenceColumns);
        var currentProfile = currentIsProfile
            ? ProfileFile.Read(request.Current)
            : await ProfileOfTableAsync(request.Current, currentColumns);
        ProfileSlicing.RequireAsRequested(referenceProfile.SliceBy, request.SliceBy, string.Join(",", request.Reference));
        ProfileSlicing.RequireAsRequested(currentProfile.SliceBy, request.SliceBy, request.Current);

        referenceColumns.UnionWith(referenceProfile.Slices.Values.SelectMany(s => s.Features.Keys));
        currentColumns.UnionWith(currentProfile.Slices.Values.SelectMany(s => s.Features.Keys));
        // Both sides profiled: numbers are compared on the buckets, which the report says (OnProfileGrid).
        return [.. Compare(SampleSet.FromProfile(referenceProfile, string.Join(",", request.Reference), referenceIsProfile), SampleSet.FromProfile(currentProfile, request.Current, currentIsProfile), request)
            .Select(r => r.Kind == "numeric" ? r with { OnProfileGrid = true } : r)];

        // A table profiled here to meet a profile on the other side; its columns (excluded ones too) go into `columns`.
        async Task<DatasetProfile> ProfileOfTableAsync(string path, HashSet<string> columns)
        {
            var table = await TableFile.ReadAsync(path, request.SliceBy, cancellationToken);
            columns.UnionWith(table.Columns.Select(c => c.Name));
            return DatasetProfile.Build(table, request.SliceBy, request.Compared);
        }
    }

    // Told from the headers (and profiles) before anything is read, not after the comparison: a current table that
    // shares no column with the reference (two tables' headers are cheap to read, so this is always checked), and an
    // excluded or chosen name neither side has, which is a typo: it would compare the column meant to be left out, or
    // leave out the one meant; a slice column is needed in each table (a profile's slicing is checked as it is read).
    private static async Task CheckHeadersAsync(DriftRequest request, CancellationToken cancellationToken)
    {
        var named = request.Exclude.Count > 0 || request.Features is not null || request.SliceBy.Count > 0;
        var profiles = request.Reference.Count > 1 || IsProfile(request.Reference[0]) || IsProfile(request.Current);
        if (!named && profiles)
        {
            return;
        }

        var columns = new SortedSet<string>(StringComparer.Ordinal);
        var (referenceNames, currentNames) = (new List<string>(), new List<string>());
        foreach (var (path, reference) in request.Reference.Select(p => (p, true)).Append((request.Current, false)))
        {
            var profile = (reference && request.Reference.Count > 1) || IsProfile(path);
            var names = profile
                ? [.. ProfileFile.Read(path).Slices.Values.SelectMany(s => s.Features.Keys)]
                : await TableHeader.NamesAsync(path, cancellationToken);
            if (names.Count == 0)
            {
                // An empty file (or profile): the reader says what is wrong with it.
                return;
            }

            if (!profile)
            {
                TableHeader.Require(path, names, (request.SliceBy, "--slice-by"));
            }

            columns.UnionWith(names);
            (reference ? referenceNames : currentNames).AddRange(names);
        }

        if (!profiles)
        {
            SharesAColumn(request, referenceNames, currentNames);
        }

        TableHeader.Require($"{string.Join(",", request.Reference)} and {request.Current}", columns, (request.Exclude, "--exclude"), (request.Features ?? [], "--features"));
    }

    private static List<FeatureDrift> Compare(SampleSet reference, SampleSet current, DriftRequest request)
    {
        var results = new List<FeatureDrift>();
        foreach (var (slice, features) in current.Slices.OrderBy(s => s.Key == DatasetProfile.AllRows ? "" : s.Key, StringComparer.Ordinal))
        {
            if (!reference.Slices.TryGetValue(slice, out var referenceFeatures))
            {
                results.AddRange(features.Values.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => new FeatureDrift(slice, f.Name, "", 0, f.Present) { TooSmall = true }));
                continue;
            }

            foreach (var feature in features.Values.Where(f => request.Compared(f.Name)).OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                if (referenceFeatures.TryGetValue(feature.Name, out var referenceFeature))
                {
                    results.Add(FeatureComparison.Compare(slice, referenceFeature, feature, request));
                }
            }
        }

        foreach (var (slice, features) in reference.Slices.Where(s => !current.Slices.ContainsKey(s.Key)).OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            results.AddRange(features.Values.Where(f => request.Compared(f.Name)).OrderBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => new FeatureDrift(slice, f.Name, "", f.Present, 0) { TooSmall = true, Absent = true }));
        }

        return results;
    }

    // A profile by its extension, or by its content when the name says neither CSV nor Parquet (`-o ref.prof`): one
    // read of its first bytes (a Parquet file starts with PAR1, never with a profile's JSON object).
    private static bool IsProfile(string path) =>
        path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".profile", StringComparison.OrdinalIgnoreCase)
        || (!path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) && ProfileFile.LooksLikeProfile(path));

    // The inputs' digests (references, then current) and the options that change the comparison, as one digest.
    private static string Digest(DriftRequest request, IReadOnlyList<byte[]> inputs)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var input in inputs)
        {
            hash.AppendData(input);
        }

        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", request.SliceBy) + (request.Skew ? "\nskew" : "")));
        if (request.Features is { } features)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes("\nfeatures " + string.Join(",", features.Order(StringComparer.Ordinal))));
        }

        if (request.Exclude.Count > 0)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes("\nexclude " + string.Join(",", request.Exclude.Order(StringComparer.Ordinal))));
        }

        // Every option that can change the verdict: an approval of one judgement must not cover another.
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(FormattableString.Invariant(
            $"\nalpha {request.Alpha:R} minEffect {request.MinEffect:R} minRows {request.MinRows} bins {request.Bins} ks {request.KsMethod}")));
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    internal static string Number(double value) => Gates.ShortNumber.Of(value);
}
