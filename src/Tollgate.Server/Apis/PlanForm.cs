using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Tollgate.Domain;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Inputs;
using Tollgate.Domain.Policies;
using Tollgate.Policies.Loading;
using Tollgate.Policies.Scanners;
using Tollgate.Server.Hosting;
using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Graph;
using Tollgate.Yaml;

namespace Tollgate.Server.Apis;

/// <summary>
/// <c>POST /api/v1/plans</c> as <c>multipart/form-data</c>: what <c>tollgate plan PLAN --scan FILE… --policy FILE
/// --rego DIR</c> is given, as parts (<c>curl -F plan=@plan.json -F scan=@tfsec.json -F policy=@tollgate.yaml -F
/// rego=true</c>): <c>plan</c> (the plan JSON, once), <c>scan</c> (a scan result, repeatable), <c>policy</c> (the policy
/// this judgement applies instead of the server's, once) and <c>rego</c> (<c>true</c>: the server's own
/// <c>--rego DIR</c>; a request never sends Rego to run). Each part is streamed into the request's private upload
/// directory under the file name the client gave it (so a report names <c>tfsec.json</c> as the CLI's does), and
/// read as the CLI reads the file: a bad part is a 400 naming it (<c>scan[1]</c>, <c>policy</c>), never a server
/// path. What is read is what is judged: each scan result's findings and the policy go to the gate as read, so no part
/// is parsed twice. Any other part is a 400, never ignored: an ignored <c>scans</c> would judge without its findings.
/// </summary>
internal static class PlanForm
{
    public const string Plan = "plan";
    public const string Scan = "scan";
    public const string Policy = "policy";
    public const string Rego = "rego";

    /// <summary>The most parts a request may send (a plan, a policy, rego and scans).</summary>
    public const int MaxParts = 64;

    private static readonly string[] Parts = [Plan, Scan, Policy, Rego];

    /// <summary>True when the request is a multipart form (which this route reads as parts).</summary>
    public static bool Is(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads the form into <paramref name="upload"/>: the plan request the CLI would build and the policy to apply
    /// (null: the server's).
    /// </summary>
    public static async Task<(PlanRequest Request, Policy? Policy)> ReadAsync(HttpRequest request, PlanUpload upload, ServeOptions options, CancellationToken cancellationToken)
    {
        // No BodyLengthLimit of its own: Kestrel's limit (413) bounds the whole body and `left` each part's.
        var reader = new MultipartReader(Boundary(request), request.Body);
        string? plan = null;
        var scans = 0;
        var findings = new List<Finding>();
        Policy? policy = null;
        bool? rego = null;
        long left = options.MaxBodyBytes;
        for (var count = 0; await NextAsync(reader, cancellationToken) is { } section; count++)
        {
            if (count == MaxParts)
            {
                throw new BadFieldException("body", $"more than {MaxParts} parts: send the plan, its scan results, a policy and rego");
            }

            var (name, fileName) = Disposition(section);
            switch (name)
            {
                case Plan when plan is not null:
                case Policy when policy is not null:
                case Rego when rego is not null:
                    throw new BadFieldException(name, $"sent twice: give one {name} part");
                case Plan:
                    plan = SafeName(fileName) is { } given && given is not ("scans" or "policy") ? given : PlanUpload.FileName;
                    left -= await WriteAsync(upload, section, plan, plan, left, cancellationToken);
                    break;
                case Scan:
                    var field = $"{Scan}[{scans++}]";
                    var scan = $"scans/{scans}/{SafeName(fileName) ?? $"scan-{scans}.json"}";
                    left -= await WriteAsync(upload, section, scan, $"{field} ({Path.GetFileName(scan)})", left, cancellationToken);
                    findings.AddRange(ReadScan(upload, scan, field));
                    break;
                case Policy:
                    var file = $"policy/{SafeName(fileName) ?? "tollgate.yaml"}";
                    left -= await WriteAsync(upload, section, file, $"{Policy} ({Path.GetFileName(file)})", left, cancellationToken);
                    policy = LoadPolicy(upload, file, options);
                    break;
                case Rego:
                    rego = await RegoAsync(section, fileName, cancellationToken);
                    break;
                default:
                    throw new BadFieldException(name, $"unknown part{KeySuggestion.Hint(name, Parts)}; the parts are plan, scan (repeatable), policy and rego");
            }
        }

        if (plan is null)
        {
            throw new BadFieldException(Plan, "missing: send the plan JSON (terraform show -json) as the part plan, e.g. curl -F plan=@plan.json");
        }

        return (new PlanRequest(plan) { ScanFindings = findings, Rego = rego == true ? RegoDirectory(options) : null }, policy);
    }

    private static string Boundary(HttpRequest request)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value;
        return boundary is { Length: > 0 and <= 70 }
            ? boundary
            : throw new BadFieldException("body", "multipart/form-data without a boundary of 1 to 70 characters in its Content-Type");
    }

    private static async Task<MultipartSection?> NextAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (Exception e) when (Broken(e))
        {
            throw Unreadable(e);
        }
    }

    // Kestrel's refusal of the body (past --max-body-size: 413; bad chunking: 400) is an IOException too: it is left to
    // the error boundary, which answers it as on every route, never as a form that does not read.
    private static bool Broken(Exception e) => e is (IOException and not BadHttpRequestException) or InvalidDataException;

    // A body the multipart reader gives up on, while finding a part or while reading one.
    private static BadFieldException Unreadable(Exception e) =>
        new("body", $"not a multipart/form-data body that reads: {e.Message.ReplaceLineEndings(" ").TrimEnd('.')}");

    private static (string Name, string? FileName) Disposition(MultipartSection section)
    {
        if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 } name)
        {
            throw new BadFieldException("body", "a part without Content-Disposition: form-data; name=\"…\": name each part plan, scan, policy or rego");
        }

        var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
        return (name, fileName);
    }

    /// <summary>The last segment of a client's file name when it is a plain one (letters, digits, <c>._-+@</c>), else null.</summary>
    private static string? SafeName(string? fileName)
    {
        var name = fileName?.Replace('\\', '/');
        name = name?[(name.LastIndexOf('/') + 1)..];
        return name is { Length: > 0 and <= 128 } && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '+' or '@')
            ? name
            : null;
    }

    private static async Task<long> WriteAsync(PlanUpload upload, MultipartSection section, string relative, string shown, long left, CancellationToken cancellationToken)
    {
        upload.Name(relative, shown);
        try
        {
            return await upload.WriteAsync(relative, section.Body, left, cancellationToken);
        }
        catch (Exception e) when (Broken(e))
        {
            throw Unreadable(e);
        }
    }

    /// <summary>
    /// The findings of a scan result, read as <c>--scan</c> reads its file (named by its file name, as the CLI's are);
    /// one it cannot read blames its part (or the value inside it).
    /// </summary>
    private static IReadOnlyList<Finding> ReadScan(PlanUpload upload, string scan, string field)
    {
        try
        {
            return ScanImport.Load(Path.Combine(upload.Directory, scan), Path.GetFileName(scan));
        }
        catch (InvalidInputException e) when (e.InnerException is MisshapenScanException misshapen)
        {
            throw new BadFieldException(field + (misshapen.At.StartsWith('[') ? "" : ".") + misshapen.At, misshapen.Problem);
        }
        catch (InvalidInputException e)
        {
            throw new BadFieldException(field, upload.Hide(e.Message));
        }
    }

    /// <summary>The policy part read as <c>--policy FILE</c> reads its file, its graph limits checked as the plan gate checks them first.</summary>
    private static Policy LoadPolicy(PlanUpload upload, string file, ServeOptions options)
    {
        var shown = Path.GetFileName(file);
        try
        {
            var policy = PolicyReader.Parse(InputFile.ReadText(Path.Combine(upload.Directory, file), shown, PolicyFile.MaxBytes), shown, options.Vocabulary);
            _ = GraphThresholdsPolicy.From(policy);
            return policy;
        }
        catch (InvalidInputException e)
        {
            throw new BadFieldException(Policy, upload.Hide(e.Message));
        }
    }

    /// <summary><c>rego</c>: <c>true</c> or <c>false</c>; a file is refused, as the server runs only its own Rego policies.</summary>
    private static async Task<bool> RegoAsync(MultipartSection section, string? fileName, CancellationToken cancellationToken)
    {
        if (fileName is not null)
        {
            throw new BadFieldException(Rego, "the server runs only its own Rego policies (tollgate serve --rego DIR), never policies a request sends: send rego=true");
        }

        var buffer = new byte[64];
        var read = await section.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        var text = System.Text.Encoding.UTF8.GetString(buffer, 0, read).Trim();
        return text switch
        {
            "true" => true,
            "false" => false,
            _ => throw new BadFieldException(Rego, $"expected true or false, found '{(read == buffer.Length ? text + "…" : text)}'"),
        };
    }

    private static string RegoDirectory(ServeOptions options) =>
        options.RegoDirectory is { } directory
            ? Path.GetFullPath(directory, options.WorkingDirectory)
            : throw new BadFieldException(Rego, "this server has no Rego policies (it was started without --rego DIR): judge with tollgate plan --rego DIR, or start the server with --rego");
}
