using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;
using Tollgate.Policies.Scanners;
using Tollgate.Server.Hosting;
using Tollgate.Terraform.Analysis;

namespace Tollgate.Server.Apis;

/// <summary>
/// What an approval of a plan was reviewed with besides the plan, which <c>tollgate approve PLAN --scan FILE --rego DIR</c>
/// binds into the digest (<see cref="PlanReviewDigest"/>): <c>"scans"</c>, the scan results themselves (each the JSON
/// document a scanner wrote, written beside the uploaded plan and read as <c>--scan</c> reads a file), and
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

    /// <summary>The plan request <c>tollgate approve</c> would build, with the body's scans written into <paramref name="upload"/>.</summary>
    public static async Task<PlanRequest> RequestAsync(JsonElement root, PlanUpload upload, ServeOptions options, CancellationToken cancellationToken)
    {
        var scans = new List<string>();
        if (root.TryGetProperty(Scans, out var given) && given.ValueKind != JsonValueKind.Null)
        {
            if (given.ValueKind != JsonValueKind.Array)
            {
                throw new BadFieldException(Scans, $"expected an array of scan results (each the SARIF, Checkov, tfsec, Trivy or Conftest JSON a scanner wrote), found {JsonKind.Of(given)}");
            }

            foreach (var scan in given.EnumerateArray())
            {
                var field = $"{Scans}[{scans.Count}]";
                if (scan.ValueKind == JsonValueKind.String)
                {
                    throw new BadFieldException(field, "a path is not read on the server: send the scan result itself (the JSON document tollgate approve --scan reads)");
                }

                try
                {
                    _ = ScanImport.Read(scan, field);
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

                var name = $"scan-{scans.Count + 1}.json";
                upload.Name(name, field);
                await upload.WriteAsync(name, scan, cancellationToken);
                scans.Add(name);
            }
        }

        return new PlanRequest(PlanUpload.FileName) { Scans = scans, Rego = RegoDirectory(root, options) };
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
