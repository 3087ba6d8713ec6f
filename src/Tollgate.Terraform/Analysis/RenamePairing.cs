using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// The greedy pairing of <see cref="RenameDetector"/> for one (type, provider): candidates are taken best first, by
/// score, then name score, then delete address, then create address, each delete and create at most once.
/// It never lists every candidate pair, nor scores every one. Creates form classes (<see cref="CreateClass"/>) whose
/// members score alike with a delete unless it equals one of their rare values; a delete scores each class it can
/// reach once and each create holding one of its values as a rare value on its own, so N near-identical renames cost
/// about N scores, not N × N. Each delete walks its candidates lazily in that order (score level, name-score tier,
/// address; a heap merges its sources), and a priority queue merges the deletes' current heads. A head whose create
/// is taken meanwhile is exactly a candidate the full sorted list would skip, so the chosen pairs are the same as
/// sorting every pair.
/// </summary>
internal static class RenamePairing
{
    private static readonly double[] Tiers = [2.5, 2, 1.5, 1, 0.5, 0];

    public static List<(ResourceChange From, ResourceChange To, double Score, int Compared)> Choose(
        IReadOnlyList<ResourceChange> deletes, IReadOnlyList<ResourceChange> creates, bool uniquePair, out long comparisons)
    {
        var index = new CreateIndex(creates);
        var used = new HashSet<ResourceChange>(ReferenceEqualityComparer.Instance);
        var queue = new PriorityQueue<Cursor, Cursor>(HeadOrder.Instance);
        var scores = 0L;
        foreach (var from in deletes)
        {
            var touched = new HashSet<ResourceChange>(ReferenceEqualityComparer.Instance);
            var reached = new HashSet<int>();
            foreach (var key in RenameDetector.KnownValues(from.Before, default))
            {
                if (index.Rare(key) is { } to)
                {
                    touched.Add(to);
                }

                if (index.ByValue(key) is { } classes)
                {
                    reached.UnionWith(classes);
                }
            }

            if (uniquePair)
            {
                reached.Add(0);
            }

            var scored = new List<(double Score, Source Source)>();
            void Add(int matching, int compared, Source source)
            {
                scores++;
                var score = compared == 0 ? (uniquePair ? 1.0 : 0.0) : (double)matching / compared;
                if (score >= RenameDetector.Threshold)
                {
                    scored.Add((score, source));
                }
            }

            foreach (var to in touched)
            {
                var (matching, compared) = RenameDetector.Compare(from, to, null);
                Add(matching, compared, new Source(null, to, compared, null));
            }

            foreach (var c in reached)
            {
                var (matching, compared) = index.Classes[c].Compare(from);
                Add(matching, compared, new Source(index.Classes[c], null, compared, touched));
            }

            if (scored.Count == 0)
            {
                continue;
            }

            var levels = scored.GroupBy(s => s.Score).OrderByDescending(l => l.Key)
                .Select(l => new Level(l.Key, [.. l.Select(s => s.Source)])).ToList();
            var cursor = new Cursor(from, levels);
            if (cursor.Advance(used))
            {
                queue.Enqueue(cursor, cursor);
            }
        }

        var chosen = new List<(ResourceChange From, ResourceChange To, double Score, int Compared)>();
        while (queue.TryDequeue(out var cursor, out _))
        {
            if (used.Contains(cursor.Head!))
            {
                if (cursor.Advance(used))
                {
                    queue.Enqueue(cursor, cursor);
                }

                continue;
            }

            used.Add(cursor.Head!);
            chosen.Add((cursor.From, cursor.Head!, cursor.Score, cursor.Compared));
        }

        comparisons = scores;
        return chosen;
    }

    private sealed record Level(double Score, Source[] Sources);

    /// <summary>
    /// Where a delete's candidates of one score come from: one create scored on its own, or a class's members other
    /// than the creates scored on their own (<paramref name="excluded"/>). Walked one name-score tier at a time, in address order.
    /// </summary>
    private sealed class Source(CreateClass? members, ResourceChange? single, int compared, HashSet<ResourceChange>? excluded)
    {
        private TierList? _list;
        private int _position;
        private bool _singleLeft;

        public int Compared { get; } = compared;

        public void Start(ResourceChange from, double tier)
        {
            _position = 0;
            _list = members?.Tier(from, tier);
            _singleLeft = single is not null && RenameDetector.NameScore(from, single) == tier;
        }

        /// <summary>The first create from the current position that is free, not excluded and of the tier; null when none is left.</summary>
        public ResourceChange? Seek(ResourceChange from, double tier, HashSet<ResourceChange> used)
        {
            if (single is not null)
            {
                return _singleLeft && !used.Contains(single) ? single : null;
            }

            while (_list is not null && (_position = _list.Free(_position, used)) < _list.Items.Count)
            {
                var to = _list.Items[_position];
                if (!excluded!.Contains(to) && RenameDetector.NameScore(from, to) == tier)
                {
                    return to;
                }

                _position++;
            }

            return null;
        }
    }

    /// <summary>One delete's walk over its candidates, best first; <see cref="Head"/> is the current one.</summary>
    private sealed class Cursor(ResourceChange from, List<Level> levels)
    {
        private readonly PriorityQueue<Source, string> _heads = new(StringComparer.Ordinal);
        private int _level;
        private int _tier = -1;

        public ResourceChange From { get; } = from;
        public ResourceChange? Head { get; private set; }
        public double Score { get; private set; }
        public double NameScore { get; private set; }
        public int Compared { get; private set; }

        /// <summary>
        /// Moves to the next candidate whose create is not taken: within a level and name-score tier, the sources' next
        /// creates are merged by address in a heap, so a step costs a log of the sources, not a pass over them. A source
        /// only moves forward within a tier: a create passed over is taken, excluded or of another tier, and taken creates stay taken.
        /// </summary>
        public bool Advance(HashSet<ResourceChange> used)
        {
            while (_level < levels.Count)
            {
                var level = levels[_level];
                if (_tier < 0)
                {
                    _tier = 0;
                    Fill(level, used);
                }

                while (true)
                {
                    while (_heads.TryPeek(out var source, out var address))
                    {
                        var next = source.Seek(From, Tiers[_tier], used);
                        if (next is not null && next.Address == address)
                        {
                            Head = next;
                            Score = level.Score;
                            NameScore = Tiers[_tier];
                            Compared = source.Compared;
                            return true;
                        }

                        _heads.Dequeue();
                        if (next is not null)
                        {
                            _heads.Enqueue(source, next.Address);
                        }
                    }

                    if (++_tier == Tiers.Length)
                    {
                        break;
                    }

                    Fill(level, used);
                }

                _level++;
                _tier = -1;
            }

            return false;
        }

        /// <summary>Starts the current tier: each source's first create of it that is free, in the heap.</summary>
        private void Fill(Level level, HashSet<ResourceChange> used)
        {
            _heads.Clear();
            foreach (var source in level.Sources)
            {
                source.Start(From, Tiers[_tier]);
                if (source.Seek(From, Tiers[_tier], used) is { } next)
                {
                    _heads.Enqueue(source, next.Address);
                }
            }
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
