using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Terraform.GraphRules;

namespace Tollgate.Terraform.Graph.StateSplit;

/// <summary>
/// The state-split gate: which states to form by owner and blast radius, and the exact references that would become
/// <c>terraform_remote_state</c> lookups, fewest first. Here the <c>state-split</c> findings are the question asked, so
/// they ask for a review (approvals of the report's digest clear it: <see cref="GraphReviewDigest"/> of this
/// configuration, owners file, limits and split findings, never a graph report's) unless the policy excepts or disables every one;
/// one owner passes; an empty configuration holds.
/// </summary>
public sealed class StateSplitGate
{
    public const string Kind = "terraform-state-split";

    public async Task<Report> RunAsync(StateSplitRequest request, GateContext context)
    {
        var owners = request.Owners is { } file ? OwnerMap.Load(context.Resolve(file), file).For(context.Resolve(request.Subject)) : OwnerMap.None;
        var loader = new GraphLoader(new Running.TerraformCli { Timeout = request.TerraformTimeout }) { RunTerraformGraph = request.TerraformGraph, StandardInput = request.StandardInput ?? Console.OpenStandardInput, Shown = SourceLocations.AsGiven(request.Subject, context.Resolve(request.Subject)) };
        var run = await GraphRun.LoadAsync(request.Subject, null, request.Limits, loader, context);
        var analysis = run.Analysis;
        var advice = new StateSplitAdvisor(analysis, owners).Advise();
        var rule = new StateSplitRule(owners, requireOwnership: false);
        var crossing = advice.Boundaries.Sum(b => b.References.Count);
        var blocks = analysis.Graph.Kinds.Count(k => k == NodeKind.Resource);
        var dataSources = analysis.Graph.Kinds.Count(k => k == NodeKind.Data); // read, not held: no resource of any state
        // A plan says what each block stands for in objects (count, for_each): a state of 300 is not "7 resources".
        var objects = run.Loaded.Changes.Objects is { } plan
            ? Enumerable.Range(0, analysis.Graph.NodeCount).Where(n => analysis.Graph.Kinds[n] == NodeKind.Resource).Sum(n => plan.After(analysis.Graph.Names[n]))
            : (int?)null;
        var findings = rule.Evaluate(analysis, advice).ToList();
        var policy = context.Policy.For(Kind, [rule.Info]);
        var input = run.Loaded.Digest;
        var evidence = new Evidence(Kind, request.Subject, input, SourceLocations.Attach(findings, run.Loaded.Model, request.Subject))
        {
            // The pipeline applies the policy once and binds the digest to the split findings it asks a review for.
            BindReview = reviewing => GraphReviewDigest.Of(Kind, input, analysis, owners, request.TerraformGraph, reviewing),
            Rules = [rule.Info],
            Summary =
            [
                new("resources", blocks),
                new("dataSources", dataSources),
                .. objects is { } counted ? [new KeyValuePair<string, long>("objects", counted)] : Array.Empty<KeyValuePair<string, long>>(),
                new("states", advice.States.Count),
                new("boundaries", advice.Boundaries.Count),
                new("crossingReferences", crossing),
            ],
            // Blocks, never "resources": without a plan a block's count or for_each is not known.
            Headline = $"{Counted.Of(blocks, "resource block")}{(objects is { } known ? $" holding {Counted.Of(known, "object")} after the plan" : "")}{(dataSources > 0 ? $", {Counted.Of(dataSources, "data source")}" : "")}, {Counted.Of(advice.States.Count, "state")}, {Counted.Of(advice.Boundaries.Count, "boundary", "boundaries")}, {Counted.Of(crossing, "crossing reference")}",
            Facts = [new("owners", owners.SourceName), new("sources", string.Join(", ", analysis.Model.Sources))],
            Notes = owners.Known && analysis.Graph.NodeCount > 0 && !advice.States.Any(s => s.Basis.Split(", ").Contains(owners.SourceName))
                ? [$"{owners.SourceName} assigns no resource here (its entries name no module or file of this configuration): owners come from tags and modules"]
                : [],
            Pending = analysis.Graph.NodeCount == 0 ? "the configuration has no resources: nothing to split" : null,
            Wording = new StateSplitWording(advice),
        };
        return await GatePipeline.RunAsync(evidence, context with { Policy = policy });
    }
}
