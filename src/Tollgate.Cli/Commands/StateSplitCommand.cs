using System.CommandLine;
using Tollgate.Cli.Reports;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Verdicts;
using Tollgate.Ledger;
using Tollgate.Terraform.Graph;
using Tollgate.Terraform.Graph.StateSplit;
using Tollgate.Terraform.GraphRules;

namespace Tollgate.Cli.Commands;

/// <summary>
/// <c>tollgate state-split</c>: which states to form by owner and blast radius, and the exact references that would
/// become <c>terraform_remote_state</c> lookups, fewest first. One owner passes; several owners in one state need a
/// review, unless the policy excepts (or disables) every <c>state-split</c> finding.
/// </summary>
public static class StateSplitCommand
{
    public static Command Create(CliHost host)
    {
        var directory = new Argument<string>("directory") { Description = "A Terraform directory (or a plan or DOT file)" };
        var owners = new Option<FileInfo?>("--owners") { Description = "CODEOWNERS (paths to owners) or owners.yaml (module.path: team); default: owner/team tags, then top-level modules" };
        var limits = new GraphOptions();
        var common = new CommonOptions();
        var command = new Command("state-split", "Where to split one Terraform state by ownership and blast radius, and what would cross the boundaries");
        command.Arguments.Add(directory);
        command.Options.Add(owners);
        limits.AddTo(command);
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(directory)!;
            var run = await GraphRun.LoadAsync(parse, host, common, limits, path, null, cancellationToken);
            var analysis = run.Analysis;
            var ownerMap = parse.GetValue(owners) is { } file ? OwnerMap.Load(file.FullName) : OwnerMap.None;
            var advice = new StateSplitAdvisor(analysis, ownerMap).Advise();
            var applied = run.Apply(new StateSplitRule(ownerMap, requireOwnership: false).Evaluate(analysis, advice), host.Clock);
            var crossing = advice.Boundaries.Sum(b => b.References.Count);
            var owned = string.Join(", ", advice.States.Select(s => s.Owner));
            var (verdict, reason) = analysis.Graph.NodeCount == 0
                ? (Verdict.Hold, "the configuration has no resources: nothing to split")
                : !advice.SplitAdvised
                    ? (Verdict.Pass, $"one owner ({(advice.States.Count > 0 ? advice.States[0].Owner : "none")}): no split needed")
                    : applied.Findings.Any(f => f.Suppression is null)
                        ? (Verdict.Review, $"{advice.States.Count} owners share one state ({owned}); splitting moves {crossing} reference{(crossing == 1 ? "" : "s")} to remote state lookups")
                        : (Verdict.Pass, $"{advice.States.Count} owners share one state ({owned}); the policy excepts or disables the split advice");
            var summary = new List<KeyValuePair<string, long>>
            {
                new("resources", analysis.Graph.Kinds.Count(k => k != NodeKind.Module)),
                new("states", advice.States.Count),
                new("boundaries", advice.Boundaries.Count),
                new("crossingReferences", crossing),
            };
            var report = applied.Annotate(new Report("terraform-state-split", path, run.Loaded.Digest, verdict, summary, applied.Findings)
            {
                Reason = reason,
                Facts = [new("owners", ownerMap.SourceName), new("sources", string.Join(", ", analysis.Model.Sources))],
            });
            return await common.RecordAndRenderAsync(parse, host, report, cancellationToken);
        });
        return command;
    }
}
