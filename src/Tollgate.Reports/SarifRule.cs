using Tollgate.Domain.Findings;

namespace Tollgate.Reports;

/// <summary>
/// One rule of a SARIF run: its id, the highest severity among the run's results of it (the rule's default level),
/// the first of those findings (whose evidence names an imported check and its guideline), and whether its results
/// are security results (<see cref="SarifRules.IsSecurity"/>).
/// </summary>
public sealed record SarifRule(string Id, Severity Severity, Finding First, bool Security);
