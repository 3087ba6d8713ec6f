using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// The greedy pairing of <see cref="RenameDetector"/> for one (type, provider): candidates are taken best first, by
/// score, then name score, then delete address, then create address, each delete and create at most once.
/// It never lists every candidate pair. Creates with the same known inputs (a fingerprint of their values) form one
/// group, compared once per delete. Each delete walks its own candidates lazily in that order (score level, name-score
/// tier, address; a heap merges its groups), and a priority queue merges the deletes' current heads. A head whose create is taken meanwhile is
/// exactly a candidate the full sorted list would skip, so the chosen pairs are the same as sorting every pair.
/// </summary>
internal static class RenamePairing
{
    private static readonly double[] Tiers = [2.5, 2, 1.5, 1, 0.5, 0];

    public static List<(ResourceChange From, ResourceChange To, double Score, int Compared)> Choose(
        IReadOnlyList<ResourceChange> deletes, IReadOnlyList<ResourceChange> creates, bool uniquePair)
    {
        var groups = GroupIdentical(creates);

        var index = PrefixIndex(groups);
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

    /// <summary>
    /// The groups by (attribute, canonical value) of a prefix of their inputs: a delete can only reach the threshold
    /// with a group whose prefix holds one of its own values. A create with K known inputs needs at least
    /// <c>need</c> of them equal to the delete's (the compared count is at least K), so at most K − need differ and
    /// any K − need + 1 of them hold an equal one. Taking the rarest values first keeps a value every create shares
    /// (a common <c>tags</c> map) out of the index, so a delete is compared with the creates it can pair with only.
    /// </summary>
    private static Dictionary<(string, string), List<int>> PrefixIndex(List<List<ResourceChange>> groups)
    {
        var keys = new List<(string, string)>[groups.Count];
        var frequency = new Dictionary<(string, string), int>();
        for (var g = 0; g < groups.Count; g++)
        {
            keys[g] = [.. RenameDetector.KnownValues(groups[g][0].After, groups[g][0].AfterUnknown)];
            foreach (var key in keys[g])
            {
                frequency[key] = frequency.GetValueOrDefault(key) + 1;
            }
        }

        var index = new Dictionary<(string, string), List<int>>();
        for (var g = 0; g < groups.Count; g++)
        {
            var own = keys[g];
            own.Sort((a, b) =>
            {
                var order = frequency[a].CompareTo(frequency[b]);
                order = order != 0 ? order : string.CompareOrdinal(a.Item1, b.Item1);
                return order != 0 ? order : string.CompareOrdinal(a.Item2, b.Item2);
            });
            for (var i = 0; i < own.Count - Need(own.Count) + 1; i++)
            {
                if (!index.TryGetValue(own[i], out var list))
                {
                    index[own[i]] = list = [];
                }

                if (list.Count == 0 || list[^1] != g)
                {
                    list.Add(g);
                }
            }
        }

        return index;
    }

    /// <summary>The fewest equal inputs, of <paramref name="known"/> (at least one), that can score the threshold, in the score's own arithmetic.</summary>
    private static int Need(int known)
    {
        var need = 1;
        while ((double)need / known < RenameDetector.Threshold)
        {
            need++;
        }

        return need;
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
        private readonly PriorityQueue<int, string> _heads = new(StringComparer.Ordinal);
        private int _level;
        private int _tier = -1;
        private int[] _positions = [];

        public ResourceChange From { get; } = from;
        public ResourceChange? Head { get; private set; }
        public double Score { get; private set; }
        public double NameScore { get; private set; }
        public int Compared { get; private set; }

        /// <summary>
        /// Moves to the next candidate whose create is not taken: within a level and name-score tier, the groups' next
        /// members are merged by address in a heap, so a step costs a log of the groups, not a pass over them. Positions
        /// only move forward within a tier: a create passed over is taken or of another tier, and taken creates stay taken.
        /// </summary>
        public bool Advance(List<List<ResourceChange>> groups, HashSet<ResourceChange> used)
        {
            while (_level < levels.Count)
            {
                var level = levels[_level];
                if (_tier < 0)
                {
                    _tier = 0;
                    Fill(level, groups, used);
                }

                while (true)
                {
                    while (_heads.TryPeek(out var i, out _))
                    {
                        var members = groups[level.Groups[i]];
                        if (!used.Contains(members[_positions[i]]))
                        {
                            Head = members[_positions[i]];
                            Score = level.Score;
                            NameScore = Tiers[_tier];
                            Compared = level.Compared[i];
                            return true;
                        }

                        _heads.Dequeue();
                        _positions[i]++;
                        if (Skip(members, ref _positions[i], used))
                        {
                            _heads.Enqueue(i, members[_positions[i]].Address);
                        }
                    }

                    if (++_tier == Tiers.Length)
                    {
                        break;
                    }

                    Fill(level, groups, used);
                }

                _level++;
                _tier = -1;
            }

            return false;
        }

        /// <summary>Starts the current tier: each group's first member of it that is not taken, in the heap.</summary>
        private void Fill(Level level, List<List<ResourceChange>> groups, HashSet<ResourceChange> used)
        {
            _heads.Clear();
            _positions = new int[level.Groups.Length];
            for (var i = 0; i < level.Groups.Length; i++)
            {
                var members = groups[level.Groups[i]];
                if (Skip(members, ref _positions[i], used))
                {
                    _heads.Enqueue(i, members[_positions[i]].Address);
                }
            }
        }

        /// <summary>Moves <paramref name="position"/> to the first member from it that is free and of the current tier.</summary>
        private bool Skip(List<ResourceChange> members, ref int position, HashSet<ResourceChange> used)
        {
            while (position < members.Count
                && (used.Contains(members[position]) || RenameDetector.NameScore(From, members[position]) != Tiers[_tier]))
            {
                position++;
            }

            return position < members.Count;
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
