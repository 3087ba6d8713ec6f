using System.Globalization;
using Tollgate.Domain;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// Reads the <c>graph:</c> section of a policy file (tollgate.yaml): <c>fan-out</c>, <c>max-blast-radius</c>,
/// <c>max-changed</c>, <c>max-destroyed</c>, <c>parallelism</c>, each a whole number. Other sections are left to
/// their own readers; a missing section leaves the defaults.
/// </summary>
public static class GraphPolicy
{
    public static GraphThresholds Read(string path, GraphThresholds defaults)
    {
        var result = defaults;
        var inSection = false;
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Split('#')[0].TrimEnd();
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (!char.IsWhiteSpace(line[0]))
            {
                inSection = line.Trim() == "graph:";
                continue;
            }

            if (!inSection)
            {
                continue;
            }

            var colon = line.IndexOf(':');
            var key = colon < 0 ? line.Trim() : line[..colon].Trim();
            var text = colon < 0 ? "" : line[(colon + 1)..].Trim();
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 0)
            {
                throw new InvalidInputException($"{path}:{number}: graph.{key} must be a whole number, found '{text}'");
            }

            result = key switch
            {
                "fan-out" => result with { FanOut = value },
                "max-blast-radius" => result with { MaxBlastRadius = value },
                "max-changed" => result with { MaxChanged = value },
                "max-destroyed" => result with { MaxDestroyed = value },
                "parallelism" => result with { Parallelism = Math.Max(1, value) },
                _ => throw new InvalidInputException($"{path}:{number}: unknown graph setting '{key}' (fan-out, max-blast-radius, max-changed, max-destroyed, parallelism)"),
            };
        }

        return result;
    }
}
