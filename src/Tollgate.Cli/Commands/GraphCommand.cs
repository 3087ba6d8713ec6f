using System.CommandLine;
using System.Text;
using Tollgate.Cli.Reports;
using Tollgate.Domain;
using Tollgate.Ledger;
using Tollgate.Terraform.Graph;
using Tollgate.Terraform.Graph.Pictures;
using Tollgate.Terraform.Graph.StateSplit;
using Tollgate.Terraform.GraphRules;
using Tollgate.Terraform.Running;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate graph</c>: fan-out, hubs, cycles, blast radius and the critical path of a configuration, DOT graph or plan; pictures on request.</summary>
public static class GraphCommand
{
    public static Command Create(CliHost host)
    {
        var subject = new Argument<string>("subject") { Description = "A Terraform directory, a terraform graph DOT file (either dialect), or a plan (JSON or binary)" };
        var changed = new Option<FileInfo?>("--changed") { Description = "Addresses whose blast radius to report, one per line (default: a plan's changed resources)" };
        var owners = new Option<FileInfo?>("--owners") { Description = "CODEOWNERS or owners.yaml (module: team): adds state-split advice" };
        var dot = new Option<FileInfo?>("--dot") { Description = "Write the annotated graph as DOT (hubs, changed and destroyed nodes, cycle edges in colour)" };
        var svg = new Option<FileInfo?>("--svg") { Description = "Render the annotated graph to SVG with graphviz dot" };
        var html = new Option<FileInfo?>("--html") { Description = "Write one self-contained interactive page: search, zoom, click a node for its dependents and blast radius" };
        var limits = new GraphOptions();
        var common = new CommonOptions();
        var command = new Command("graph", "Dependency graph analysis: fan-out, hubs, cycles, blast radius, implicit dependencies, depends_on, critical path");
        command.Arguments.Add(subject);
        command.Options.Add(changed);
        command.Options.Add(owners);
        command.Options.Add(dot);
        command.Options.Add(svg);
        command.Options.Add(html);
        limits.AddTo(command);
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(subject)!;
            var run = await GraphRun.LoadAsync(parse, host, common, limits, path, parse.GetValue(changed), cancellationToken);
            var ownerMap = parse.GetValue(owners) is { } file ? OwnerMap.Load(file.FullName) : OwnerMap.None;
            var gate = new GraphGate { Rules = [.. GraphRuleSet.All, new StateSplitRule(ownerMap)] };
            var applied = run.Apply(gate.Evaluate(run.Analysis), host.Clock);
            var report = applied.Annotate(gate.Judge(path, run.Loaded, run.Analysis, applied.Findings));
            await WritePicturesAsync(host, run.Analysis, path, parse.GetValue(dot), parse.GetValue(svg), parse.GetValue(html), cancellationToken);
            return await common.RecordAndRenderAsync(parse, host, report, cancellationToken);
        });
        return command;
    }

    private static async Task WritePicturesAsync(CliHost host, GraphAnalysis analysis, string title, FileInfo? dot, FileInfo? svg, FileInfo? html, CancellationToken cancellationToken)
    {
        if (dot is null && svg is null && html is null)
        {
            return;
        }

        var dotText = dot is not null || svg is not null ? DotWriter.Write(analysis) : "";
        if (dot is not null)
        {
            await WriteAsync(dot, dotText, cancellationToken);
            await host.Error.WriteLineAsync($"wrote {dot.FullName}");
        }

        if (svg is not null)
        {
            await SvgRenderer.RenderAsync(dotText, svg.FullName, cancellationToken);
            await host.Error.WriteLineAsync($"wrote {svg.FullName}");
        }

        if (html is not null)
        {
            await WriteAsync(html, HtmlPage.Write(analysis, Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(title)))), cancellationToken);
            await host.Error.WriteLineAsync($"wrote {html.FullName}");
        }
    }

    private static async Task WriteAsync(FileInfo file, string text, CancellationToken cancellationToken)
    {
        try
        {
            file.Directory?.Create();
            await File.WriteAllTextAsync(file.FullName, text, new UTF8Encoding(false), cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot write {file.FullName}: {e.Message}", e);
        }
    }
}
