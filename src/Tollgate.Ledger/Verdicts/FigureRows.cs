using Tollgate.Domain.Reports;

namespace Tollgate.Ledger.Verdicts;

/// <summary>
/// A report's figures as the ledger's <c>report_figures</c> rows: one per finite value, numbered by the figure's
/// place in the report, at most <see cref="ReportFigure.MaxPerReport"/> figures (the gate counted any beyond).
/// </summary>
internal sealed class FigureRows
{
    private FigureRows(int count)
    {
        Ordinals = new int[count];
        Addresses = new string[count];
        Slices = new string[count];
        Tests = new string[count];
        Flagged = new bool[count];
        Measures = new string[count];
        Values = new double[count];
    }

    public int[] Ordinals { get; }

    public string[] Addresses { get; }

    public string[] Slices { get; }

    public string[] Tests { get; }

    public bool[] Flagged { get; }

    public string[] Measures { get; }

    public double[] Values { get; }

    public int Count => Values.Length;

    public static FigureRows Of(Report report)
    {
        var figures = report.Figures.Count > ReportFigure.MaxPerReport ? report.Figures.Take(ReportFigure.MaxPerReport).ToList() : report.Figures;
        var rows = new FigureRows(figures.Sum(f => f.Values.Count(v => double.IsFinite(v.Value))));
        var at = 0;
        for (var i = 0; i < figures.Count; i++)
        {
            var figure = figures[i];
            foreach (var (measure, value) in figure.Values)
            {
                if (!double.IsFinite(value))
                {
                    continue;
                }

                rows.Ordinals[at] = i;
                rows.Addresses[at] = figure.Address;
                rows.Slices[at] = figure.Slice;
                rows.Tests[at] = figure.Test;
                rows.Flagged[at] = figure.Flagged;
                rows.Measures[at] = measure;
                rows.Values[at] = value;
                at++;
            }
        }

        return rows;
    }
}
