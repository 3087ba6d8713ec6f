using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Terraform.Running;

/// <summary>
/// A <c>.tf</c> file given where a plan or a directory goes (<c>plan main.tf</c>): refused with the directory to give
/// instead, never "not valid JSON". A <c>.tf.json</c> file is refused only when it holds a configuration (top-level
/// <c>resource</c>, <c>terraform</c>, <c>module</c>, …, no <c>format_version</c>): a plan saved as <c>plan.tf.json</c>
/// still reads.
/// </summary>
public static class ConfigurationFile
{
    /// <summary>The largest <c>.tf.json</c> looked into; a larger one is read as a plan, as before.</summary>
    private const long MaxLookBytes = 16L << 20;

    private static readonly string[] ConfigurationKeys = ["resource", "data", "module", "provider", "terraform", "variable", "output", "locals", "moved", "import", "check", "removed"];

    /// <exception cref="InvalidInputException"><paramref name="path"/> is a Terraform configuration file.</exception>
    /// <param name="path">The regular file, as opened.</param>
    /// <param name="shown">The path as the user gave it.</param>
    public static void Refuse(string path, string shown)
    {
        var name = Path.GetFileName(path);
        var configuration = name.EndsWith(".tf", StringComparison.OrdinalIgnoreCase)
            || (name.EndsWith(".tf.json", StringComparison.OrdinalIgnoreCase) && HoldsConfiguration(path));
        if (configuration)
        {
            var directory = Path.GetDirectoryName(shown);
            throw new InvalidInputException(
                $"{shown} is a Terraform configuration file: give the directory that holds it ({(string.IsNullOrEmpty(directory) ? "." : directory)})");
        }
    }

    private static bool HoldsConfiguration(string path)
    {
        try
        {
            if (new FileInfo(path).Length > MaxLookBytes)
            {
                return false;
            }

            using var document = JsonDocument.Parse(InputFile.ReadBytes(path, path, MaxLookBytes));
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && !root.TryGetProperty("format_version", out _)
                && root.EnumerateObject().Any(p => ConfigurationKeys.Contains(p.Name, StringComparer.Ordinal));
        }
        catch (Exception e) when (e is JsonException or InvalidInputException or IOException or UnauthorizedAccessException)
        {
            // Not JSON, or unreadable: the plan reader says so in its own words.
            return false;
        }
    }
}
