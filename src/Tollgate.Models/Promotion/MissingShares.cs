namespace Tollgate.Models.Promotion;

/// <summary>Rows without a KPI value per version, and the one-sided test's answer.</summary>
public sealed record MissingShares(long CandidateMissing, long CandidateRows, long LiveMissing, long LiveRows, double Difference, double P, bool Fisher, bool Higher);
