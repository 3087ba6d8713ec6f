using Tollgate.Domain.Ledger;

namespace Tollgate.Server.Observability;

/// <summary>
/// One kind's newest entries grouped by subject, once per scrape: the newest entry of each subject, newest first, at
/// most <see cref="ModelFigures.MaxSubjects"/>, with its newest judged one (not a hold): a hold judged nothing, so the
/// figures and findings are the last judged report's, never a 0 that would resolve an alert as if the model had
/// recovered. <see cref="Judged"/> lists the judged entries in that order (whose figures are read); <see cref="Dropped"/>
/// counts the subjects past the cap.
/// </summary>
public sealed record ModelSubjects(IReadOnlyList<ModelSubject> Subjects, IReadOnlyList<LedgerEntry> Judged, int Dropped)
{
    public static ModelSubjects Of(IReadOnlyList<LedgerEntry> entries)
    {
        var groups = entries.GroupBy(e => e.Subject, StringComparer.Ordinal).ToList();
        var subjects = groups.Take(ModelFigures.MaxSubjects).Select(g => new ModelSubject(g.First(), g.FirstOrDefault(e => e.Verdict != "hold"))).ToList();
        var judged = subjects.Where(s => s.Judged is not null).Select(s => s.Judged!).ToList();
        return new ModelSubjects(subjects, judged, Math.Max(0, groups.Count - ModelFigures.MaxSubjects));
    }
}
