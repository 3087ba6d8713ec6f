using Tollgate.Domain;
using Tollgate.Domain.Delivery;
using Tollgate.Domain.Reports;

namespace Tollgate.Cli.Commands;

/// <summary>
/// The commit times of <c>--changes SHA@COMMIT-TIME</c> are times a user gives, read as every time option reads them
/// (<see cref="TimeOption"/>): UTC when they name no offset, and said so on standard error, once for the option.
/// </summary>
public static class CommitTimes
{
    /// <summary>
    /// The note for <c>--changes</c> <paramref name="values"/> whose commit times name no offset: the first such change
    /// quoted with the instant read, the others counted; null when every commit time names one (or none is given).
    /// </summary>
    public static string? Note(IEnumerable<string> values)
    {
        var zoneless = Change.Entries(values)
            .Where(e => e.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && Rfc3339.NamesNoOffset(e[(at + 1)..]))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (zoneless.Count == 0)
        {
            return null;
        }

        var first = zoneless[0];
        var besides = zoneless.Count > 1 ? $", as are the commit times of {Counted.Of(zoneless.Count - 1, "more change")}" : "";
        return TimeOption.Note($"--changes {first}", first[(first.IndexOf('@', StringComparison.Ordinal) + 1)..], besides);
    }

    /// <summary>Writes <see cref="Note"/> on standard error when there is one; a command calls it once, when it answers.</summary>
    public static void WriteNote(IEnumerable<string>? values, CliHost host)
    {
        if (values is not null && Note(values) is { } note)
        {
            host.Error.WriteLine(note);
        }
    }
}
