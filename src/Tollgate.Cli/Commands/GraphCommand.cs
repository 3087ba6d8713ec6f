using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Cli.Reports;
using Tollgate.Terraform.Graph;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate graph</c>: binds the options to a <see cref="GraphRequest"/> and runs the <see cref="GraphGate"/>.</summary>
public static class GraphCommand
{
    public static Command Create(CliHost host)
    {
        var subject = new Argument<string>("subject") { Description = "A Terraform directory, a terraform graph DOT file (either dialect), or a plan (JSON or binary)" }.WhenEmpty("give a Terraform directory, a DOT file or a plan");
        var changed = new Option<string?>("--changed") { Description = "A file of addresses whose blast radius to report, one per line; a module stands for every resource in it (default: a plan's changed resources)" };
        var owners = new Option<string?>("--owners") { Description = "CODEOWNERS or owners.yaml (module: team): adds state-split advice" };
        var dot = new Option<string?>("--dot") { Description = "Write the annotated graph as DOT (hubs, changed and destroyed nodes, cycle edges in colour)" };
        var svg = new Option<string?>("--svg") { Description = "Render the annotated graph to SVG with graphviz dot" };
        var html = new Option<string?>("--html") { Description = "Write one self-contained interactive page: search, zoom, click a node for its dependents and blast radius" };
        var limits = new GraphOptions();
        var common = new CommonOptions();
        var command = new Command("graph", "Dependency graph analysis: fan-out, hubs, cycles, blast radius, implicit dependencies, depends_on, critical path");
        command.Arguments.Add(subject);
        foreach (var option in (Option[])[changed, owners, dot, svg, html])
        {
            command.Options.Add(option);
        }

        limits.AddTo(command);
        common.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var request = new GraphRequest(parse.GetValue(subject)!)
            {
                Changed = parse.GetValue(changed),
                Owners = parse.GetValue(owners),
                Limits = limits.Read(parse),
                Pictures = new GraphPictures(parse.GetValue(dot), parse.GetValue(svg), parse.GetValue(html)),
                TerraformGraph = parse.GetValue(limits.TerraformGraph),
                TerraformTimeout = limits.TerraformTimeout.Value(parse),
                StandardInput = host.OpenInput,
                WritePicture = (path, what, write, token) => OutputFile.WriteAsync(path, write, what, token),
            };
            string?[] inputs = [request.Subject, request.Changed, request.Owners];
            foreach (var (option, picture, what) in new[] { ("--dot", request.Pictures.Dot, "the DOT graph"), ("--svg", request.Pictures.Svg, "the SVG picture"), ("--html", request.Pictures.Html, "the HTML page") })
            {
                if (picture is not null)
                {
                    // As --output: a path that cannot be written is refused before the configuration is read or planned.
                    common.CheckWritten(parse, host, inputs, option, picture);
                    OutputFile.Check(Path.GetFullPath(picture, host.WorkingDirectory), what);
                }
            }

            return common.RunGateAsync(parse, host, inputs, context => new GraphGate().RunAsync(request, context), new LineProgress(host.Error), cancellationToken);
        });
        return command;
    }
}
