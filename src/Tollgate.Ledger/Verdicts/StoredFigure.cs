namespace Tollgate.Ledger.Verdicts;

/// <summary>One value of one figure as the ledger keeps it (<see cref="Domain.Reports.ReportFigure"/>), with its verdict.</summary>
public sealed record StoredFigure(long VerdictId, int Ordinal, string Address, string Slice, string Test, bool Flagged, string Measure, double Value);
