using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Terraform.Plan.Checks;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// The plan's top-level members other than its changes and prior state: versions, the <c>errored</c>,
/// <c>applyable</c> and <c>complete</c> flags, deferred changes, the configuration and the check results.
/// Each must have the type terraform gives it; anything else is refused with its name.
/// </summary>
internal sealed class PlanHeader(string sourceName)
{
    public string? FormatVersion { get; private set; }

    public string TerraformVersion { get; private set; } = "";

    public bool Errored { get; private set; }

    public bool? Applyable { get; private set; }

    public bool? Complete { get; private set; }

    public int DeferredChanges { get; private set; }

    public Configuration Configuration { get; private set; } = Configuration.Empty;

    public IReadOnlyList<CheckResult>? Checks { get; private set; }

    public IReadOnlyList<CheckResult>? ConditionResults { get; private set; }

    public static bool IsCaptured(string name) => name is "format_version" or "terraform_version" or "errored" or "applyable"
        or "complete" or "configuration" or "checks" or "condition_results" or "deferred_changes";

    public void Capture(string name, ReadOnlySpan<byte> json)
    {
        switch (name)
        {
            case "format_version":
                FormatVersion = Scalar(json, name, JsonTokenType.String);
                break;
            case "terraform_version":
                TerraformVersion = Scalar(json, name, JsonTokenType.String);
                break;
            case "errored":
                Errored = Flag(json, name) == true;
                break;
            case "applyable":
                Applyable = Flag(json, name);
                break;
            case "complete":
                Complete = Flag(json, name);
                break;
            default:
                using (var doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = StreamingJsonWalker.MaxDepth }))
                {
                    CaptureDocument(name, doc.RootElement);
                }

                break;
        }
    }

    private void CaptureDocument(string name, JsonElement root)
    {
        switch (name)
        {
            case "configuration":
                Configuration = Configuration.Parse(root);
                break;
            case "checks":
                Checks = CheckResultsParser.ParseChecks(root, sourceName);
                break;
            case "condition_results":
                ConditionResults = CheckResultsParser.ParseConditionResults(root, sourceName);
                break;
            case "deferred_changes":
                DeferredChanges = root.ValueKind switch
                {
                    JsonValueKind.Array => root.GetArrayLength(),
                    JsonValueKind.Null => 0,
                    _ => throw Broken(name, "is not an array"),
                };
                break;
        }
    }

    private string Scalar(ReadOnlySpan<byte> json, string name, JsonTokenType expected)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return reader.TokenType == expected ? reader.GetString()! : throw Broken(name, "is not a string");
    }

    private bool? Flag(ReadOnlySpan<byte> json, string name)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Null => null,
            _ => throw Broken(name, "is not true or false"),
        };
    }

    private InvalidInputException Broken(string path, string problem) =>
        new($"{sourceName} is not a plan as terraform writes it: {path} {problem}");
}
