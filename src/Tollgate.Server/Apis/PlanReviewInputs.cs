using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Inputs;
using Tollgate.Policies.Scanners;
using Tollgate.Server.Hosting;
using Tollgate.Terraform.Analysis;

namespace Tollgate.Server.Apis;

/// <summary>
/// What an approval of a plan was reviewed with besides the plan, which <c>tollgate approve PLAN --scan FILE --rego DIR</c>
/// binds into the digest (<see cref="PlanReviewDigest"/>): <c>"scans"</c>, the scan results themselves (each the JSON
/// document a scanner wrote, read once as <c>--scan</c> reads a file, its findings judged as read), and
/// <c>"rego": true</c>, the server's own Rego policies (<c>tollgate serve --rego DIR</c>). A path in either is refused
/// with 400: the server reads no file and runs no policy a request names, and a plan judged without what the client
/// reviewed it with would bind another digest than the one the client means.
/// </summary>
internal static class PlanReviewInputs
{
    public const string Scans = "scans";

    public const string Rego = "rego";

    /// <summary>True when the body says the review had scans or Rego (neither goes with a <c>digest</c>).</summary>
    public static bool Given(JsonElement root) =>
        (root.TryGetProperty(Scans, out var scans) && scans.ValueKind != JsonValueKind.Null)
        || (root.TryGetProperty(Rego, out var rego) && rego.ValueKind is not (JsonValueKind.Null or JsonValueKind.False));

    /// <summary>
    /// The plan request <c>tollgate approve</c> would build for the plan at <see cref="PlanUpload.FileName"/>: each scan
    /// in the body read once where it lies (its findings named <c>scan-N.json</c>, as a file of that name would give
    /// them) and handed to the gate as read (<see cref="PlanRequest.ScanFindings"/>), so none is written or parsed again.
    /// </summary>
    public static PlanRequest Request(JsonElement root, ServeOptions options)
    {
        var findings = new List<Finding>();
        if (root.TryGetProperty(Scans, out var given) && given.ValueKind != JsonValueKind.Null)
        {
            if (given.ValueKind != JsonValueKind.Array)
            {
                throw new BadFieldException(Scans, $"expected an array of scan results (each the SARIF, Checkov, tfsec, Trivy or Conftest JSON a scanner wrote), found {JsonKind.Of(given)}");
            }

            var index = 0;
            foreach (var scan in given.EnumerateArray())
            {
                findings.AddRange(Read(scan, index++));
            }
        }

        return new PlanRequest(PlanUpload.FileName) { ScanFindings = findings, Rego = RegoDirectory(root, options) };
    }

    /// <summary>The findings of the body's scan at <paramref name="index"/>; one it cannot read blames its field (or the value inside it).</summary>
    private static IReadOnlyList<Finding> Read(JsonElement scan, int index)
    {
        var field = $"{Scans}[{index}]";
        if (scan.ValueKind == JsonValueKind.String)
        {
            throw new BadFieldException(field, "a path is not read on the server: send the scan result itself (the JSON document tollgate approve --scan reads)");
        }

        try
        {
            return ScanImport.Read(scan, $"scan-{index + 1}.json", field);
        }
        catch (InvalidInputException e) when (e.InnerException is MisshapenScanException misshapen)
        {
            // The field at fault is the value inside the scan result: scans[0].runs[0].tool.
            throw new BadFieldException(field + (misshapen.At.StartsWith('[') ? "" : ".") + misshapen.At, misshapen.Problem);
        }
        catch (InvalidInputException e)
        {
            throw new BadFieldException(field, e.Message);
        }
    }

    private static string? RegoDirectory(JsonElement root, ServeOptions options)
    {
        if (!root.TryGetProperty(Rego, out var rego) || rego.ValueKind is JsonValueKind.Null or JsonValueKind.False)
        {
            return null;
        }

        if (rego.ValueKind == JsonValueKind.String)
        {
            throw new BadFieldException(Rego, "the server runs only its own Rego policies (tollgate serve --rego DIR), never a directory a request names: send \"rego\": true, or approve the digest tollgate plan --rego reported");
        }

        if (rego.ValueKind != JsonValueKind.True)
        {
            throw new BadFieldException(Rego, $"expected true or false, found {JsonKind.Of(rego)}");
        }

        return options.RegoDirectory is { } directory
            ? Path.GetFullPath(directory, options.WorkingDirectory)
            : throw new BadFieldException(Rego, "this server has no Rego policies (it was started without --rego DIR), so it cannot compute the digest tollgate approve PLAN --rego binds: approve the digest tollgate plan --rego reported instead");
    }
}
