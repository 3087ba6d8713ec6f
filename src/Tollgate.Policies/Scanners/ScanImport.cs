using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Policies.Rego;
using Tollgate.Domain.Inputs;

namespace Tollgate.Policies.Scanners;

/// <summary>
/// <c>--scan FILE</c>: reads one scanner report, recognising its shape: SARIF (<c>runs</c>), Checkov JSON,
/// tfsec JSON, Trivy JSON or Conftest JSON. Anything else is bad input (exit 3), never an empty result; a string in it
/// that is no text (<see cref="IllFormedText"/>) is bad input naming the file and where.
/// </summary>
public static class ScanImport
{
    /// <summary>How deeply a scan result file may nest: as deep as a request body a server reads.</summary>
    public const int MaxDepth = 256;

    /// <summary>Reads the report at <paramref name="path"/>; <paramref name="shownAs"/> (default: the path) names it in errors.</summary>
    public static IReadOnlyList<Finding> Load(string path, string? shownAs = null)
    {
        var shown = shownAs ?? path;
        try
        {
            using var stream = InputFile.OpenRead(path, shown);
            using var document = InputFile.Reading(path, shown, () => JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = MaxDepth }));
            return Read(document.RootElement, Path.GetFileName(path));
        }
        catch (Exception e) when (IllFormedText.Of(e) is { } problem)
        {
            // A string escaping half a surrogate pair alone, or not UTF-8: where, from the file read again (this is rare), never its text.
            throw new InvalidInputException($"scan result {shown} is {IllFormedText.Locate(InputFile.ReadBytes(path, shown, Array.MaxLength), problem)}", e);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"scan result {shown} is not JSON or SARIF: {JsonProblem.Describe(e)}", e);
        }
    }

    /// <summary>
    /// The findings of the scan result <paramref name="root"/>, each naming <paramref name="source"/> (the file name its
    /// reader knows it by) as its evidence's <c>file</c>; <paramref name="shownAs"/> (default: <paramref name="source"/>)
    /// names it in errors, e.g. the request field it came in (<c>scans[0]</c>). Bad input when it is no report this
    /// reads, or one with a value of the wrong shape (the inner exception then is the <see cref="MisshapenScanException"/>
    /// naming its path).
    /// </summary>
    public static IReadOnlyList<Finding> Read(JsonElement root, string source, string? shownAs = null)
    {
        var shown = shownAs ?? source;
        try
        {
            return Recognise(root, source, shown);
        }
        catch (MisshapenScanException e)
        {
            throw new InvalidInputException($"scan result {shown}: {e.At}: {e.Problem}", e);
        }
    }

    private static IReadOnlyList<Finding> Recognise(JsonElement root, string source, string shown)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("runs", out _))
        {
            return SarifResults.Read(root, source);
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Results", out _))
        {
            return ScannerJson.Trivy(root, source);
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("results", out var results))
        {
            // tfsec writes "results": null when it found nothing; Checkov's results is an object.
            return results.ValueKind is JsonValueKind.Array or JsonValueKind.Null ? ScannerJson.Tfsec(root, source) : ScannerJson.Checkov(root, source);
        }

        if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0 && root[0].ValueKind == JsonValueKind.Object)
        {
            if (root[0].TryGetProperty("check_type", out _))
            {
                return ScannerJson.Checkov(root, source);
            }

            if (root[0].TryGetProperty("namespace", out _))
            {
                return RegoResults.Conftest(root);
            }
        }

        throw new InvalidInputException($"scan result {shown} is neither SARIF nor a Checkov, tfsec, Trivy or Conftest JSON report");
    }
}
