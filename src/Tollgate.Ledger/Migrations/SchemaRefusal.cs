using Tollgate.Domain;

namespace Tollgate.Ledger.Migrations;

/// <summary>
/// The two stores a ledger is never written to, worded alike in both dialects: one holding another program's tables
/// (Tollgate would add its own among them, or stop half-way on a name they share) and one whose schema a newer Tollgate
/// wrote (this one would write rows that build does not expect, into tables it may have changed).
/// </summary>
internal static class SchemaRefusal
{
    /// <summary>The tables named in a refusal; more are counted.</summary>
    private const int Named = 5;

    /// <summary>"cannot open LEDGER: it is not a Tollgate ledger (WHY); nothing was changed: REMEDY".</summary>
    public static InvalidInputException NotALedger(string ledger, string why, string remedy) =>
        new($"cannot open {ledger}: it is not a Tollgate ledger ({why}); nothing was changed: {remedy}") { LedgerFault = true };

    public static InvalidInputException Newer(string ledger, long version, int known) =>
        new($"{ledger} was written by a newer Tollgate (schema {version}; this one knows up to {known}): use that version or a new ledger") { LedgerFault = true };

    /// <summary>The first few of <paramref name="tables"/>, and how many more.</summary>
    public static string List(IReadOnlyList<string> tables) =>
        tables.Count <= Named ? string.Join(", ", tables) : $"{string.Join(", ", tables.Take(Named))} and {tables.Count - Named} more";
}
