using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;

namespace Tollgate.Domain.Policies;

/// <summary>Findings after the policy: severities overridden, exceptions marked, disabled rules gone; plus notes.</summary>
public sealed record AppliedPolicy(IReadOnlyList<Finding> Findings, IReadOnlyList<string> Notes)
{
    /// <summary>Where the applied policy came from: a file path, or "defaults".</summary>
    public string Source { get; init; } = "defaults";

    /// <summary>
    /// The report of a gate that judged <see cref="Findings"/>, with what the policy did that a reader must know: its
    /// notes (expired exceptions) and the policy's source as a fact. Every command that applies a policy ends here.
    /// </summary>
    public Report Annotate(Report report) =>
        report with { Notes = [.. report.Notes, .. Notes], Facts = [.. report.Facts, new("policy", Source)] };
}
