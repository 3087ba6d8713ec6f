using System.Text;
using Tollgate.Domain.Findings;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// Points findings at the block that declares their address, when the configuration was read from its files
/// (<c>.tf</c> and <c>.tf.json</c>): the file under
/// the directory as the user named it (<c>infra/main.tf</c>, <c>/work/infra/main.tf</c>: <see cref="AsGiven"/>, as
/// errors in the configuration name it), the block's line and column and where it ends (a local value's, variable's or output's, for
/// a finding on one: a cycle among values). Instance keys (<c>[0]</c>,
/// <c>["a"]</c>) are dropped to find the block; a finding that found its block itself (<c>check-failed</c>: a check
/// block, or the resource, output or variable of a condition) names it in its evidence (<c>file</c> relative to the configuration,
/// <c>line</c>), which comes first; findings without a declaring block keep no location.
/// </summary>
public static class SourceLocations
{
    /// <param name="findings">The findings to point at their blocks.</param>
    /// <param name="model">The graph, with the configuration read from HCL (or none: no location is added).</param>
    /// <param name="subject">The directory as the user named it.</param>
    /// <param name="shown">How a file is named from its full path (<see cref="AsGiven"/>); by default under <paramref name="subject"/>.</param>
    public static IReadOnlyList<Finding> Attach(IReadOnlyList<Finding> findings, GraphModel model, string subject, Func<string, string>? shown = null)
    {
        if (model.Config.Root is not { } root)
        {
            return findings;
        }

        string Named(string file) => shown is null ? InDirectory(subject, file) : shown(Path.Combine(root, file));
        return findings.Select(f => f.Location is not null ? f
                : Declaring(f) is var (found, line) ? f with { Location = new SourceLocation(Named(found), line) }
                : model.Resource(Declared(f.Address)) is { File: { } file, Line: > 0 } block ? f with { Location = new SourceLocation(Named(file), block.Line, block.Column) { EndLine = block.EndLine, EndColumn = block.EndColumn } }
                : model.ModuleCall(Declared(f.Address)) is { File: { } called, Line: > 0 } call ? f with { Location = new SourceLocation(Named(called), call.Line, call.Column) }
                : model.Config.ValuePlaces.GetValueOrDefault(Declared(f.Address)) is { Line: > 0 } value ? f with { Location = value with { File = Named(value.File) } }
                : f)
            .ToList();
    }

    // A finding that found its own block (check-failed: a check block, a condition) names it in its evidence, the file
    // relative to the configuration and the line.
    private static (string File, int Line)? Declaring(Finding finding) =>
        finding.Evidence is { } evidence && evidence.GetValueOrDefault("file") is string file && evidence.GetValueOrDefault("line") is int line and > 0
            ? (file, line)
            : null;

    /// <summary>
    /// How findings and errors name a file of the configuration the user named <paramref name="given"/> (read from
    /// <paramref name="resolved"/>, where it lies), from the file's full path: under the directory as given, relative
    /// when it was given relative (<c>infra/modules/db/main.tf</c>, <c>../infra/main.tf</c>) and absolute when it was
    /// given absolute, so both open from where the command ran and name a file the same way.
    /// </summary>
    /// <remarks>Nothing is resolved until a file is named: a subject that is no directory (<c>-</c>, an empty path) is refused by the loader in its words.</remarks>
    public static Func<string, string> AsGiven(string given, string resolved) =>
        path => InDirectory(given, Path.GetRelativePath(Path.GetFullPath(resolved), Path.GetFullPath(path)));

    /// <summary><paramref name="file"/> (relative to the configuration) under the directory as the user named it: <c>infra/main.tf</c>; <c>infra/../shared/main.tf</c> (a module beside it) is <c>shared/main.tf</c>.</summary>
    internal static string InDirectory(string directory, string file) => Domain.Inputs.ShownPath.Join(directory, file);

    /// <summary>The address without instance keys: <c>module.a["x"].aws_s3_bucket.b[0]</c> is declared as <c>module.a.aws_s3_bucket.b</c>.</summary>
    public static string Declared(string address)
    {
        if (!address.Contains('[', StringComparison.Ordinal))
        {
            return address;
        }

        var declared = new StringBuilder(address.Length);
        var depth = 0;
        var quoted = false;
        for (var i = 0; i < address.Length; i++)
        {
            var c = address[i];
            if (quoted)
            {
                quoted = !(c == '"' && address[i - 1] != '\\');
            }
            else if (c == '"' && depth > 0)
            {
                quoted = true;
            }
            else if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                depth--;
            }
            else if (depth == 0)
            {
                declared.Append(c);
            }
        }

        return declared.ToString();
    }
}
