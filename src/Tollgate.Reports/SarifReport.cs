using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Reports;
using Tollgate.Domain.Rules;

namespace Tollgate.Reports;

/// <summary>
/// SARIF 2.1.0 as GitHub code scanning reads it
/// (https://docs.github.com/en/code-security/reference/code-scanning/sarif-files/sarif-support-for-code-scanning): one
/// run, categorised by the report's kind (<see cref="Category"/>), with one rule per rule id (<see cref="SarifRules"/>),
/// at most 25,000 results, those that decide the verdict and then the most severe (<see cref="SarifResultLimit"/>), levels by severity and a check that
/// passed as <c>kind: pass</c>, <c>partialFingerprints</c> from rule, address and the evidence that tells apart findings on
/// one address (<see cref="SarifFingerprints"/>), the declaring file and line as the physical location when the finding
/// knows them (with the column, and the span's end where it is known), else the file the report is about when there is one (none for a model version or standard input,
/// <see cref="SarifArtifacts"/>), and the address as a logical location. The exit code gates, not the results.
/// </summary>
public static class SarifReport
{
    private const string InformationUri = "https://github.com/tollgate-dev/tollgate";

    /// <summary>
    /// The run's <c>automationDetails.id</c>: <c>tollgate/KIND/</c>, GitHub's category (everything before the last
    /// <c>/</c>) with no run id, so two gates uploaded from one workflow (a plan and a k8s lint) never replace each
    /// other's alerts, and each upload of one gate replaces its previous one.
    /// </summary>
    public static string Category(string kind) => $"tollgate/{kind}/";

    /// <summary>
    /// The SARIF log of <paramref name="report"/>. Paths are resolved against <paramref name="workingDirectory"/>;
    /// <paramref name="input"/> is the file the command read the change from, for findings without a location of their
    /// own when the subject is not a file (<see cref="SarifArtifacts.ReportFile"/>); <paramref name="category"/> replaces
    /// the run's <see cref="Category"/> when given (<c>--sarif-category</c>, ending in <c>/</c>).
    /// </summary>
    /// <param name="uploaded">True on the server: the paths are the uploaded files' names, and the directory the server keeps them in is private, so <c>%SRCROOT%</c> gets a description and no <c>uri</c>.</param>
    public static string Render(Report report, RuleCatalog catalog, string workingDirectory, string? input = null, string? category = null, bool uploaded = false)
    {
        var selection = SarifResultLimit.Select(report);
        var kept = selection.Kept;
        var fingerprints = new SarifFingerprints();
        // Every finding counts towards the #2, #3 of a shared fingerprint, listed or not, so an ordinal does not move
        // when the findings before it are left out.
        var identities = report.Findings.Select(fingerprints.Next).ToArray();
        var rules = SarifRules.Of(kept.Select(i => report.Findings[i]));
        var ruleIndex = rules.Select((r, i) => (r, i)).ToDictionary(x => x.r.Id, x => x.i, StringComparer.Ordinal);
        var artifacts = new SarifArtifacts(workingDirectory);
        var reportFile = artifacts.ReportFile(report.Subject, input) is { } file ? artifacts.Of(file) : null;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            w.WriteStartObject();
            WriteTool(w, report, rules, catalog);
            w.WriteStartObject("automationDetails");
            w.WriteString("id", category ?? Category(report.Kind));
            w.WriteEndObject();
            w.WriteStartArray("results");
            foreach (var i in kept)
            {
                var finding = report.Findings[i];
                var at = ruleIndex[finding.Rule];
                WriteResult(w, finding, at, rules[at].Security, identities[i], artifacts, reportFile);
            }

            w.WriteEndArray();
            if (artifacts.RootUsed)
            {
                WriteSourceRoot(w, artifacts, uploaded);
            }

            WriteInvocation(w, report, report.Findings.Count - kept.Count, selection);
            w.WriteStartObject("properties");
            w.WriteString("verdict", report.Verdict.ToString().ToLowerInvariant());
            w.WriteString("digest", report.Digest);
            w.WriteString("kind", report.Kind);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>
    /// True for a finding that records a check that passed: a canary, rollout or deploy-watch check within its
    /// bounds (evidence <c>status: within</c>). Its result is <c>kind: pass</c>, <c>level: none</c>: without a kind a
    /// result is a failure (SARIF 2.1.0 §3.27.9), and with any kind but <c>fail</c> its level must be <c>none</c> (§3.27.10).
    /// </summary>
    public static bool IsPass(Finding finding) =>
        finding.Evidence.TryGetValue("status", out var status) && status is "within";

    private static void WriteTool(Utf8JsonWriter w, Report report, List<SarifRule> rules, RuleCatalog catalog)
    {
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", report.Tool.Name);
        w.WriteString("version", report.Tool.Version);
        w.WriteString("semanticVersion", report.Tool.Version);
        w.WriteString("informationUri", InformationUri);
        w.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            SarifRules.Write(w, rule, report.Kind, catalog);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteResult(
        Utf8JsonWriter w, Finding finding, int ruleIndex, bool security, (string Identity, string LineHash) fingerprint, SarifArtifacts artifacts, SarifArtifact? reportFile)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", finding.Rule);
        w.WriteNumber("ruleIndex", ruleIndex);
        if (IsPass(finding))
        {
            w.WriteString("kind", "pass");
            w.WriteString("level", "none");
        }
        else
        {
            w.WriteString("level", finding.Severity.SarifLevel());
        }

        w.WriteStartObject("message");
        w.WriteString("text", finding.Suggestion is null ? finding.Message : finding.Message + "\n\nSuggestion:\n" + finding.Suggestion);
        w.WriteEndObject();
        w.WriteStartArray("locations");
        w.WriteStartObject();
        var artifact = finding.Location is { } at ? artifacts.Of(at.File) : reportFile;
        if (artifact is { } located)
        {
            w.WriteStartObject("physicalLocation");
            w.WriteStartObject("artifactLocation");
            w.WriteString("uri", located.Uri);
            if (located.BaseId is { } baseId)
            {
                w.WriteString("uriBaseId", baseId);
            }

            w.WriteEndObject();
            WriteRegion(w, finding.Location);
            w.WriteEndObject();
        }

        w.WriteStartArray("logicalLocations");
        w.WriteStartObject();
        w.WriteString("fullyQualifiedName", finding.Address);
        w.WriteString("kind", "resource");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        if (finding.Suppression is { } suppression)
        {
            WriteSuppression(w, suppression);
        }

        w.WriteStartObject("partialFingerprints");
        w.WriteString("primaryLocationLineHash", fingerprint.LineHash);
        w.WriteString("tollgate/v1", fingerprint.Identity);
        w.WriteEndObject();
        w.WriteStartObject("properties");
        if (security)
        {
            w.WriteString("security-severity", finding.Severity.SecuritySeverityScore());
        }

        w.WriteString("severity", finding.Severity.WireName());
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>
    /// The <c>region</c> (§3.30): the start, and where the span's end is known (an HCL block or attribute, a manifest's
    /// node) its end too, <c>endColumn</c> the column just after the last character (§3.30.5, 1-based as the start). A
    /// location known by its start alone, or none (the file the report is about), keeps its start only, line 1 for none.
    /// </summary>
    private static void WriteRegion(Utf8JsonWriter w, SourceLocation? location)
    {
        w.WriteStartObject("region");
        w.WriteNumber("startLine", location is { Line: > 0 } ? location.Line : 1);
        if (location is { Column: > 0 })
        {
            w.WriteNumber("startColumn", location.Column);
        }

        // Without a start column the region starts at the line's first (§3.30.5).
        if (location is { Line: > 0, EndColumn: > 0 } && (location.EndLine > location.Line || (location.EndLine == location.Line && location.EndColumn > Math.Max(1, location.Column))))
        {
            w.WriteNumber("endLine", location.EndLine);
            w.WriteNumber("endColumn", location.EndColumn);
        }

        w.WriteEndObject();
    }

    /// <summary>
    /// <c>originalUriBaseIds</c>: where the relative URIs' <c>%SRCROOT%</c> is (§3.14.14). For an upload it has no
    /// <c>uri</c> (allowed for a top-level base id, which the consumer then resolves itself): the server's directory
    /// is private and means nothing to the reader.
    /// </summary>
    private static void WriteSourceRoot(Utf8JsonWriter w, SarifArtifacts artifacts, bool uploaded)
    {
        w.WriteStartObject("originalUriBaseIds");
        w.WriteStartObject(SarifArtifacts.SourceRootId);
        if (!uploaded)
        {
            w.WriteString("uri", artifacts.RootUri);
        }

        w.WriteStartObject("description");
        w.WriteString("text", uploaded
            ? "The uploaded files, named as the client named them: resolve the paths against the directory the plan was made in."
            : "The root of the git work tree the command ran in (its working directory outside one).");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The invocation: the exit code and verdict, and as notifications the report's notes and any findings left out.</summary>
    private static void WriteInvocation(Utf8JsonWriter w, Report report, int leftOut, SarifResultLimit.Selection selection)
    {
        w.WriteStartArray("invocations");
        w.WriteStartObject();
        w.WriteBoolean("executionSuccessful", true);
        w.WriteNumber("exitCode", report.ExitCode);
        w.WriteString("exitCodeDescription", report.Verdict.ToString().ToLowerInvariant());
        IEnumerable<string> notes = leftOut > 0 ? [.. report.Notes, SarifResultLimit.LeftOut(leftOut, selection)] : report.Notes;
        if (notes.Any())
        {
            w.WriteStartArray("toolExecutionNotifications");
            foreach (var note in notes)
            {
                w.WriteStartObject();
                w.WriteString("level", "warning");
                w.WriteStartObject("message");
                w.WriteString("text", note);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndArray();
    }

    /// <summary>SARIF <c>suppressions</c>: a policy exception is <c>external</c> and <c>accepted</c>, with its owner and expiry.</summary>
    private static void WriteSuppression(Utf8JsonWriter w, Suppression suppression)
    {
        w.WriteStartArray("suppressions");
        w.WriteStartObject();
        w.WriteString("kind", suppression.Kind);
        w.WriteString("status", "accepted");
        w.WriteString("justification", suppression.Reason);
        w.WriteStartObject("properties");
        ReportJson.WriteSuppressionDetails(w, suppression);

        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }
}
