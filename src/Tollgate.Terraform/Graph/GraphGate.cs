using System.Text;
using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Reports;
using Tollgate.Terraform.Graph.Pictures;
using Tollgate.Terraform.Graph.StateSplit;
using Tollgate.Terraform.GraphRules;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// The dependency-graph gate: loads the graph, runs the graph rules and hands the evidence to
/// <see cref="GatePipeline"/>. Under the default policy a cycle fails (terraform cannot apply it); a blast radius or
/// change size over the policy's limits asks for a review (its rule says so at <c>failOn</c>), which approvals of the
/// report's digest clear (<see cref="GraphReviewDigest"/>: this graph, change, limits, owners and review findings); an
/// empty graph holds, since there is nothing to judge (unless its values loop: a cycle fails); otherwise the findings are advice.
/// </summary>
public sealed class GraphGate
{
    public const string Kind = "terraform-graph";

    public IReadOnlyList<IGraphRule> Rules { get; init; } = GraphRuleSet.All;

    public async Task<Report> RunAsync(GraphRequest request, GateContext context)
    {
        var owners = request.Owners is { } file ? OwnerMap.Load(context.Resolve(file), file).For(context.Resolve(request.Subject)) : OwnerMap.None;
        var loader = new GraphLoader(new Running.TerraformCli { Timeout = request.TerraformTimeout }) { RunTerraformGraph = request.TerraformGraph, StandardInput = request.StandardInput ?? Console.OpenStandardInput, Shown = SourceLocations.AsGiven(request.Subject, context.Resolve(request.Subject)) };
        var run = await GraphRun.LoadAsync(request.Subject, request.Changed, request.Limits, loader, context);
        var gate = new GraphGate { Rules = [.. Rules, new StateSplitRule(owners)] };
        var findings = gate.Evaluate(run.Analysis);
        var input = run.Loaded.Digest;
        var analysis = run.Analysis;
        var evidence = Evidence(request.Subject, input, run.Loaded, run.Analysis, findings) with
        {
            BindReview = reviewing => GraphReviewDigest.Of(Kind, input, analysis, owners, request.TerraformGraph, reviewing),
        };
        if (request.Changed is { } changed)
        {
            evidence = Named(evidence, changed, analysis);
        }

        await WritePicturesAsync(run.Analysis, request, context);
        return await GatePipeline.RunAsync(evidence, context);
    }

    /// <summary>
    /// What the graph made of the <c>--changed</c> list. A module it names is judged as every resource in it, and a
    /// note says how many (<c>module.network: 4 resources</c>). Addresses the graph does not hold (a typo, a removed or
    /// another configuration's resource, a module with no resources) have no blast radius and count for nothing
    /// against <c>maxChanged</c>: a note names them, with the near miss a typo has. A list that names no address is said
    /// in a note too. (A list none of whose addresses the graph holds never gets here: <see cref="GraphRun"/> refuses it.)
    /// </summary>
    private static Evidence Named(Evidence evidence, string changedFile, GraphAnalysis analysis)
    {
        if (analysis.Changes.Changed.Count == 0)
        {
            // An empty list (or comments only) is a change of nothing, as a pipeline that diffed no change gives it:
            // judged for the graph alone, and said, so that a list emptied by mistake is not a silent pass.
            return evidence with { Notes = [.. evidence.Notes, $"--changed {changedFile} names no address: no blast radius judged, the graph alone"] };
        }

        var modules = analysis.Changes.Modules;
        if (modules.Count > 0)
        {
            var each = string.Join(", ", modules.Take(10).Select(m => $"{m.Address}: {m.Resources} resource{(m.Resources == 1 ? "" : "s")}"))
                + (modules.Count > 10 ? $", … ({modules.Count} in all)" : "");
            var note = $"--changed {changedFile} names {(modules.Count == 1 ? "a module, judged as every resource in it" : $"{modules.Count} modules, judged as every resource in them")} (nested modules included): {each}";
            evidence = evidence with { Notes = [.. evidence.Notes, note] };
        }

        var unheld = UnheldAddresses.Of(analysis);
        if (unheld.Count == 0)
        {
            return evidence;
        }

        var what = unheld.Count == 1 ? "an address the graph does not hold" : $"{unheld.Count} addresses the graph does not hold";
        return evidence with { Notes = [.. evidence.Notes, $"--changed {changedFile} names {what}, neither judged nor counted against maxChanged: {unheld.Listed()}"] };
    }

    public IReadOnlyList<Finding> Evaluate(GraphAnalysis analysis)
    {
        // The rules share the components; blast radius, critical path and hubs are independent sweeps over them,
        // so they run side by side before the rules read them.
        _ = analysis.Components;
        Parallel.Invoke(
            () => _ = analysis.Changes.IsEmpty ? null : analysis.Blast,
            () => _ = analysis.CriticalPath,
            () => _ = analysis.HubReach);
        return Rules.SelectMany(r => r.Evaluate(analysis)).ToList();
    }

    /// <summary>The pipeline's decision under the default policy, without a ledger (for tests and previews).</summary>
    public Report Judge(string subject, GraphSubject loaded, GraphAnalysis analysis, IReadOnlyList<Finding> findings)
    {
        var evidence = Evidence(subject, loaded.Digest, loaded, analysis, findings) with
        {
            BindReview = reviewing => GraphReviewDigest.Of(Kind, loaded.Digest, analysis, OwnerMap.None, false, reviewing),
        };
        return GatePipeline.Judge(evidence, Domain.Policies.Policy.Default, [], TimeProvider.System);
    }

    /// <param name="digest">
    /// The graph input's digest; a gate binds approvals to <see cref="GraphReviewDigest"/> of the run instead, through
    /// <see cref="Domain.Gates.Evidence.BindReview"/>, once the pipeline has applied the policy.
    /// </param>
    public static Evidence Evidence(string subject, string digest, GraphSubject loaded, GraphAnalysis analysis, IReadOnlyList<Finding> findings)
    {
        var graph = analysis.Graph;
        var path = analysis.CriticalPath;
        var chain = path.Path.Count(n => graph.Kinds[n] != NodeKind.Module);
        var summary = new List<KeyValuePair<string, long>>
        {
            new("nodes", graph.NodeCount),
            new("edges", graph.EdgeCount),
            new("resources", graph.Kinds.Count(k => k == NodeKind.Resource)),
            new("dataSources", graph.Kinds.Count(k => k == NodeKind.Data)),
            new("modules", graph.Kinds.Count(k => k == NodeKind.Module)),
            new("cycles", analysis.Cycles.Count + analysis.Model.ValueCycles.Count),
            new("hubs", analysis.Hubs.Count),
            new("criticalPath", chain),
            new("applySteps", path.Steps),
        };
        if (!analysis.Changes.IsEmpty)
        {
            summary.Add(new("changed", analysis.ChangedCount));
            summary.Add(new("touched", analysis.TouchedCount));
        }

        var facts = new List<KeyValuePair<string, string>>
        {
            new("sources", string.Join(", ", analysis.Model.Sources)),
            new("criticalPath", string.Join(" → ", path.Path.Select(n => graph.Names[n]))),
            new("applyTime", $"{path.Steps} steps of one resource operation at parallelism {path.Parallelism} for {path.Operations} operations; the longest chain alone is {chain} steps"),
        };
        facts.AddRange(loaded.Facts);
        return new Evidence(Kind, subject, digest, SourceLocations.Attach(findings, loaded.Model, subject))
        {
            Rules = GraphRuleSet.Registrations,
            Summary = summary,
            Facts = facts,
            // Values that loop fail with no resource at all: terraform refuses the configuration.
            Pending = graph.NodeCount == 0 && analysis.Model.ValueCycles.Count == 0 ? "the graph has no resources: nothing to judge" : null,
            Wording = new GraphWording(analysis),
            Order = GraphFindingOrder.Instance,
        };
    }

    private static async Task WritePicturesAsync(GraphAnalysis analysis, GraphRequest request, GateContext context)
    {
        var pictures = request.Pictures;
        if (!pictures.Any)
        {
            return;
        }

        var writer = request.WritePicture ?? throw new InvalidOperationException($"{nameof(GraphRequest.Pictures)} asked for without a {nameof(GraphRequest.WritePicture)}");
        var dotText = pictures.Dot is not null || pictures.Svg is not null ? DotWriter.Write(analysis) : "";
        if (pictures.Dot is { } dot)
        {
            await WriteAsync(writer, context.Resolve(dot), "the DOT graph", Text(dotText), context);
        }

        if (pictures.Svg is { } svg)
        {
            await WriteAsync(writer, context.Resolve(svg), "the SVG picture", (file, token) => SvgRenderer.RenderAsync(dotText, file, token), context);
        }

        if (pictures.Html is { } html)
        {
            // A graph read from "-" is titled as the reports name where it came from, not "-".
            var title = request.Subject == "-" ? "standard input" : Path.GetFileName(Path.TrimEndingDirectorySeparator(context.Resolve(request.Subject)));
            await WriteAsync(writer, context.Resolve(html), "the HTML page", Text(HtmlPage.Write(analysis, title)), context);
        }
    }

    private static async Task WriteAsync(PictureWriter writer, string path, string what, Func<Stream, CancellationToken, Task> write, GateContext context)
    {
        await writer(path, what, write, context.Cancellation);
        context.Progress?.Report($"wrote {path}");
    }

    private static Func<Stream, CancellationToken, Task> Text(string text) =>
        (file, token) => file.WriteAsync(new UTF8Encoding(false).GetBytes(text), token).AsTask();
}
