using System.Text.RegularExpressions;
using Tollgate.Domain.Inputs;
using Tollgate.Terraform.Graph.Config;
using Tollgate.Terraform.Plan.Checks;

namespace Tollgate.Terraform.Analysis;

/// <summary>
/// Finds the file and line of the block a check result belongs to (<c>check "x"</c>, <c>resource "t" "n"</c>,
/// <c>output "x"</c>, <c>variable "x"</c>) in the configuration that was planned: the root module's <c>.tf</c> files,
/// and a child module's through <c>.terraform/modules/modules.json</c>. Only block headers are matched; nothing of
/// the files is quoted.
/// </summary>
public sealed partial class CheckBlockLocator(string directory)
{
    private readonly Lazy<Dictionary<string, string>> _installed = new(() => HclConfigLoader.InstalledModules(directory));

    /// <summary>The block's file (relative to the planned directory) and 1-based line, or null when not found.</summary>
    public (string File, int Line)? Find(CheckResult check)
    {
        var (module, block) = Split(check.ConfigAddress);
        var header = HeaderOf(block);
        var moduleDirectory = header is null ? null : ModuleDirectory(module);
        if (moduleDirectory is null || !Directory.Exists(moduleDirectory))
        {
            return null;
        }

        foreach (var file in HclConfigLoader.ConfigFiles(moduleDirectory).Where(f => f.EndsWith(".tf", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(directory, file);
            using var reader = new StreamReader(InputFile.OpenRead(file, relative));
            var line = 0;
            while (InputFile.Reading(file, relative, reader.ReadLine) is { } text)
            {
                line++;
                if (header!.IsMatch(text))
                {
                    return (relative, line);
                }
            }
        }

        return null;
    }

    private static (string Module, string Block) Split(string configAddress)
    {
        var parts = configAddress.Split('.');
        var end = 0;
        while (end + 2 < parts.Length && parts[end] == "module")
        {
            end += 2;
        }

        return (string.Join('.', parts[..end]), string.Join('.', parts[end..]));
    }

    private static Regex? HeaderOf(string block)
    {
        var parts = block.Split('.');
        string[] labels = parts switch
        {
            ["check", var name] => ["check", name],
            ["output", var name] => ["output", name],
            ["var", var name] => ["variable", name],
            ["data", var type, var name] => ["data", type, name],
            [var type, var name] => ["resource", type, name],
            _ => [],
        };
        if (labels.Length == 0)
        {
            return null;
        }

        var pattern = @"^\s*" + Regex.Escape(labels[0]) + string.Concat(labels.Skip(1).Select(l => @"\s+""" + Regex.Escape(l) + @"""")) + @"\s*\{";
        return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>A child module's directory through <c>.terraform/modules/modules.json</c>, whose keys drop the <c>module.</c> prefixes (<c>a.b</c>).</summary>
    private string? ModuleDirectory(string module)
    {
        if (module.Length == 0)
        {
            return directory;
        }

        var key = string.Join('.', module.Split('.').Where((_, i) => i % 2 == 1));
        return _installed.Value.TryGetValue(key, out var installed) ? Path.GetFullPath(installed, directory) : null;
    }
}
