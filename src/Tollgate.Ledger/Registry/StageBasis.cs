using Tollgate.Domain;
using Tollgate.Domain.Registry;
using Tollgate.Domain.Reports;

namespace Tollgate.Ledger.Registry;

/// <summary>
/// The stage history a decision was made on: how many stage events model <paramref name="Name"/> had when they were
/// read. Stage moves recorded with a basis are recorded only if the model still has that many, checked in the same
/// transaction under the writers' lock: a promotion and a rollback, two promotions, or a rollback and a drill of one
/// model, each deciding from the same production line, would otherwise both move it, and the ledger would show two
/// versions entering production from one live version (and a rollback target chosen from a line that no longer held).
/// Shadow verdicts are not counted: no promotion, rollback or drill decides on them, and a shadow evaluation running on a
/// schedule would otherwise make a promotion refuse for nothing.
/// </summary>
public sealed record StageBasis(string Name, int Count)
{
    public static StageBasis Of(string name, IReadOnlyList<StageEvent> events) => new(name, events.Count(e => e.Stage != ModelStages.Shadow));

    /// <summary>
    /// How many alias events <see cref="Name"/> had when read, when the decision was made on them too (an import records
    /// the aliases that moved since what it read); null when it was not.
    /// </summary>
    public int? Aliases { get; init; }

    /// <summary>Other models' bases, checked in the same transaction: an import decides on every model it read.</summary>
    public IReadOnlyList<StageBasis> Others { get; init; } = [];

    /// <summary>What the registries count in their transaction: the model's stage events but shadows (<c>$1</c> the name, <c>$2</c> <see cref="ModelStages.Shadow"/>).</summary>
    internal const string CountSql = "SELECT count(*) FROM model_stages WHERE name = $1 AND stage <> $2";

    /// <summary>What the registries count for <see cref="Aliases"/> (<c>$1</c> the name).</summary>
    internal const string AliasCountSql = "SELECT count(*) FROM model_aliases WHERE name = $1";

    /// <summary>This basis and <see cref="Others"/>, by name: the order they are checked in (PostgreSQL takes their locks first, in key order).</summary>
    public IEnumerable<StageBasis> Each() => Others.Prepend(this).OrderBy(b => b.Name, StringComparer.Ordinal);

    /// <summary>Refuses when <paramref name="now"/> (the model's alias events counted in the transaction) is not <see cref="Aliases"/>.</summary>
    public void CheckAliases(long now)
    {
        if (Aliases is { } read && now != read)
        {
            throw new InvalidInputException(
                $"{Name}'s aliases changed while this ran ({Counted.Of(now - read, "alias event")} recorded meanwhile, by another import of {Name}): nothing recorded; run again")
            {
                Data = { [MovedKey] = true },
            };
        }
    }

    /// <summary>Refuses when <paramref name="now"/> (the model's stage events counted in the transaction) is not <see cref="Count"/>.</summary>
    public void Check(long now)
    {
        if (now != Count)
        {
            throw new InvalidInputException(
                $"{Name}'s stages changed while this ran ({Counted.Of(now - Count, "stage event")} recorded meanwhile, by another run (an import, promote, rollback or drill) of {Name}): nothing recorded; see tollgate model lineage {Name}@VERSION or tollgate model live {Name}, and run again")
            {
                Data = { [MovedKey] = true },
            };
        }
    }

    /// <summary>
    /// True when <paramref name="e"/> is <see cref="Check"/>'s refusal (nothing recorded because another writer moved the
    /// stages first), or says more about one (its inner exception is).
    /// </summary>
    public static bool Moved(Exception e) => e.Data[MovedKey] is true || (e.InnerException is { } inner && Moved(inner));

    private const string MovedKey = "tollgate.stagesMoved";
}
