using System.CommandLine;
using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Policies;
using Tollgate.Terraform.Graph;

namespace Tollgate.Cli.Commands;

/// <summary>
/// What <c>graph</c> and <c>state-split</c> share: the policy (loaded first, so a bad file fails before terraform
/// runs), the graph of the subject, and its analysis within the policy's limits, command-line values winning.
/// </summary>
public sealed record GraphRun(Policy Policy, GraphSubject Loaded, GraphAnalysis Analysis)
{
    /// <param name="changed">Addresses whose blast radius to report, one per line; null for the subject's own changes.</param>
    public static async Task<GraphRun> LoadAsync(ParseResult parse, CliHost host, CommonOptions common, GraphOptions limits, string path, FileInfo? changed, CancellationToken cancellationToken)
    {
        var policy = common.LoadPolicy(parse, host);
        var thresholds = limits.Read(parse, policy);
        var loader = new GraphLoader(limits.TerraformTimeout.Terraform(parse)) { RunTerraformGraph = parse.GetValue(limits.TerraformGraph) };
        var loaded = await loader.LoadAsync(path, null, cancellationToken);
        var changes = changed is null ? loaded.Changes : ReadChanged(changed);
        return new GraphRun(policy, loaded, new GraphAnalysis(loaded.Model, changes, thresholds));
    }

    /// <summary>The policy applied to the findings exactly as <c>plan</c> applies it: disabled rules dropped, severities overridden, exceptions marked.</summary>
    public AppliedPolicy Apply(IEnumerable<Finding> findings, TimeProvider clock) => PolicyApplication.Apply(Policy, findings, clock);

    private static ChangeSet ReadChanged(FileInfo file) =>
        file.Exists
            ? ChangeSet.FromLines(File.ReadAllLines(file.FullName))
            : throw new InvalidInputException($"--changed {file.FullName} does not exist");
}
