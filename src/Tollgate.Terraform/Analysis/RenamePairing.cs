using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// The greedy pairing of <see cref="RenameDetector"/> for one (type, provider): candidates are taken best first, by
/// score, then name score, then delete address, then create address, each delete and create at most once.
/// It never lists every candidate pair. Creates with the same known inputs (a fingerprint of their values) form one
/// group, compared once per delete. Each delete walks its own candidates lazily in that order (score level, name-score
/// tier, address), and a priority queue merges the deletes' current heads. A head whose create is taken meanwhile is
/// exactly a candidate the full sorted list would skip, so the chosen pairs are the same as sorting every pair.
/// </summary>
internal static class RenamePairing
{
    private static readonly double[] Tiers = [2.5, 2, 1.5, 1, 0.5, 0];

    public static List<(ResourceChange From, ResourceChange To, double Score, int Compared)> Choose(
        IReadOnlyList<ResourceChange> deletes, IReadOnlyList<ResourceChange> creates, bool uniquePair)
    {
        var groups = GroupIdentical(creates);

        // Index the groups by (attribute, known non-null value): a pair can only reach the threshold by sharing one.
        var index = new Dictionary<(string, string), List<int>>();
        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var key in RenameDetector.KnownValues(groups[g][0].After, groups[g][0].AfterUnknown))
            {
                if (!index.TryGetValue(key, out var list))
                {
                    index[key] = list = [];
                }

                list.Add(g);
            }
        }

        var used = new HashSet<ResourceChange>(ReferenceEqualityComparer.Instance);
        var queue = new PriorityQueue<Cursor, Cursor>(HeadOrder.Instance);
        foreach (var from in deletes)
        {
            var sharing = new HashSet<int>();
            foreach (var key in RenameDetector.KnownValues(from.Before, default))
            {
                if (index.TryGetValue(key, out var list))
                {
                    sharing.UnionWith(list);
                }
            }

            if (uniquePair)
            {
                sharing.Add(0);
            }

            var scored = new List<(double Score, int Group, int Compared)>();
            foreach (var g in sharing)
            {
                var (matching, compared) = RenameDetector.Compare(from, groups[g][0], null);
                var score = compared == 0 ? (uniquePair ? 1.0 : 0.0) : (double)matching / compared;
                if (score >= RenameDetector.Threshold)
                {
                    scored.Add((score, g, compared));
                }
            }

            if (scored.Count == 0)
            {
                continue;
            }

            var levels = scored.GroupBy(s => s.Score).OrderByDescending(l => l.Key)
                .Select(l => new Level(l.Key, [.. l.Select(s => s.Group)], [.. l.Select(s => s.Compared)])).ToList();
            var cursor = new Cursor(from, levels);
            if (cursor.Advance(groups, used))
            {
                queue.Enqueue(cursor, cursor);
            }
        }

        var chosen = new List<(ResourceChange From, ResourceChange To, double Score, int Compared)>();
        while (queue.TryDequeue(out var cursor, out _))
        {
            if (used.Contains(cursor.Head!))
            {
                if (cursor.Advance(groups, used))
                {
                    queue.Enqueue(cursor, cursor);
                }

                continue;
            }

            used.Add(cursor.Head!);
            chosen.Add((cursor.From, cursor.Head!, cursor.Score, cursor.Compared));
        }

        return chosen;
    }

    /// <summary>Creates whose compare result is the same for any delete: same attributes, values and unknowns.</summary>
    private static List<List<ResourceChange>> GroupIdentical(IReadOnlyList<ResourceChange> creates)
    {
        var byPrint = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = new List<List<ResourceChange>>();
        var text = new System.Text.StringBuilder();
        foreach (var to in creates)
        {
            text.Clear();
            if (to.After.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                foreach (var attribute in to.After.EnumerateObject())
                {
                    text.Append(attribute.Name.Length).Append(':').Append(attribute.Name)
                        .Append(JsonValues.IsUnknown(to.AfterUnknown, attribute.Name) ? "?" : "=");
                    var raw = attribute.Value.GetRawText();
                    text.Append(raw.Length).Append(':').Append(raw);
                }
            }
            else
            {
                text.Append('#');
            }

            var print = text.ToString();
            if (!byPrint.TryGetValue(print, out var g))
            {
                byPrint[print] = g = groups.Count;
                groups.Add([]);
            }

            groups[g].Add(to);
        }

        foreach (var group in groups)
        {
            group.Sort((a, b) => string.CompareOrdinal(a.Address, b.Address));
        }

        return groups;
    }

    private sealed record Level(double Score, int[] Groups, int[] Compared);

    /// <summary>One delete's walk over its candidates, best first; <see cref="Head"/> is the current one.</summary>
    private sealed class Cursor(ResourceChange from, List<Level> levels)
    {
        private int _level;
        private int _tier;
        private int[] _positions = new int[levels[0].Groups.Length];

        public ResourceChange From { get; } = from;
        public ResourceChange? Head { get; private set; }
        public double Score { get; private set; }
        public double NameScore { get; private set; }
        public int Compared { get; private set; }

        /// <summary>
        /// Moves to the next candidate whose create is not taken. Positions only move forward within a tier: a create
        /// passed over is taken or of another tier, and taken creates stay taken.
        /// </summary>
        public bool Advance(List<List<ResourceChange>> groups, HashSet<ResourceChange> used)
        {
            while (_level < levels.Count)
            {
                var level = levels[_level];
                while (_tier < Tiers.Length)
                {
                    var tier = Tiers[_tier];
                    var best = -1;
                    for (var i = 0; i < level.Groups.Length; i++)
                    {
                        var members = groups[level.Groups[i]];
                        ref var position = ref _positions[i];
                        while (position < members.Count
                            && (used.Contains(members[position]) || RenameDetector.NameScore(From, members[position]) != tier))
                        {
                            position++;
                        }

                        if (position < members.Count && (best < 0
                            || string.CompareOrdinal(members[position].Address, groups[level.Groups[best]][_positions[best]].Address) < 0))
                        {
                            best = i;
                        }
                    }

                    if (best >= 0)
                    {
                        Head = groups[level.Groups[best]][_positions[best]];
                        Score = level.Score;
                        NameScore = tier;
                        Compared = level.Compared[best];
                        return true;
                    }

                    _tier++;
                    Array.Clear(_positions);
                }

                _level++;
                _tier = 0;
                if (_level < levels.Count)
                {
                    _positions = new int[levels[_level].Groups.Length];
                }
            }

            return false;
        }
    }

    /// <summary>The order of the full candidate list: score, name score (both descending), delete, create address.</summary>
    private sealed class HeadOrder : IComparer<Cursor>
    {
        public static readonly HeadOrder Instance = new();

        public int Compare(Cursor? a, Cursor? b)
        {
            var order = b!.Score.CompareTo(a!.Score);
            if (order == 0)
            {
                order = b.NameScore.CompareTo(a.NameScore);
            }

            if (order == 0)
            {
                order = string.CompareOrdinal(a.From.Address, b.From.Address);
            }

            return order != 0 ? order : string.CompareOrdinal(a.Head!.Address, b.Head!.Address);
        }
    }
}
