namespace Tollgate.Ledger.Verdicts;

/// <summary>
/// The figures read for some verdicts (<see cref="IVerdictLog.FiguresAsync"/>): at most the limit asked for, and how
/// many matched in all, so a reader can say how many it left out.
/// </summary>
public sealed record FigureRead(IReadOnlyList<StoredFigure> Rows, long Total);
