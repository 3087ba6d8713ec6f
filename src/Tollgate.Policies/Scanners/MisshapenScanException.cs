namespace Tollgate.Policies.Scanners;

/// <summary>
/// A scan result that is JSON, and recognised (SARIF, Checkov, tfsec, Trivy, Conftest), but has a value of the wrong
/// shape where the reader needs one: <see cref="At"/> is its JSON path in the document (<c>runs[0].tool.driver</c>).
/// <see cref="ScanImport.Read"/> turns it into one line of bad input; a server names the path as the field at fault.
/// </summary>
public sealed class MisshapenScanException(string at, string problem) : Exception($"{at}: {problem}")
{
    public string At { get; } = at;

    public string Problem { get; } = problem;
}
