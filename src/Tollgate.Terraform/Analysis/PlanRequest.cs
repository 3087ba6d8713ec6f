using Tollgate.Domain.Findings;
using Tollgate.Terraform.Running;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// What <c>tollgate plan</c> judges: a plan JSON file, a binary plan or a directory to plan (relative to the gate's
/// working directory), with the inputs passed to terraform and the scanner and Rego results to judge alongside.
/// </summary>
public sealed record PlanRequest(string Plan)
{
    public PlanOptions Options { get; init; } = PlanOptions.None;

    /// <summary>Checkov, tfsec or Trivy results (SARIF or their JSON).</summary>
    public IReadOnlyList<string> Scans { get; init; } = [];

    /// <summary>
    /// The findings of scan results already read, judged after those of <see cref="Scans"/>: a host that reads each
    /// result to check it (the server's plans form and approvals, where a bad one is a 400 naming it) hands over what it
    /// read, so none is parsed twice.
    /// </summary>
    public IReadOnlyList<Finding> ScanFindings { get; init; } = [];

    /// <summary>A directory of Rego policies run with conftest or opa on the plan JSON.</summary>
    public string? Rego { get; init; }

    /// <summary>How long one terraform run may take before it is stopped with everything it started (exit 3).</summary>
    public TimeSpan TerraformTimeout { get; init; } = TerraformCli.DefaultTimeout;

    /// <summary>What a plan of <c>-</c> reads: the host's standard input unless it gives another stream.</summary>
    public Func<Stream>? StandardInput { get; init; }
}
