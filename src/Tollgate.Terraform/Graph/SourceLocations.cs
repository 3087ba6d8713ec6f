using System.Text;
using Tollgate.Domain.Findings;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// Points findings at the block that declares their address, when the configuration was read from HCL: the file as
/// the user named the directory (<c>infra/main.tf</c>), the block's line and column. Instance keys (<c>[0]</c>,
/// <c>["a"]</c>) are dropped to find the block; findings without a declaring block keep no location.
/// </summary>
public static class SourceLocations
{
    public static IReadOnlyList<Finding> Attach(IReadOnlyList<Finding> findings, GraphModel model, string subject)
    {
        if (model.Config.Root is null)
        {
            return findings;
        }

        return findings.Select(f => f.Location is null && model.Resource(Declared(f.Address)) is { File: { } file, Line: > 0 } block
                ? f with { Location = new SourceLocation(InDirectory(subject, file), block.Line, block.Column) }
                : f)
            .ToList();
    }

    /// <summary><paramref name="file"/> (relative to the configuration) under the directory as the user named it: <c>infra/main.tf</c>.</summary>
    internal static string InDirectory(string directory, string file)
    {
        var path = Path.Combine(directory, file).Replace('\\', '/');
        return path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
    }

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
