using Tollgate.Domain.Reports;

namespace Tollgate.Server.Integrations;

/// <summary>A judgement's outcome: the recorded report, or why there is none (which means hold).</summary>
public sealed record Judged(Report? Report, string? NotJudged);
