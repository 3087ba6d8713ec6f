using System.Globalization;
using System.Text.Json;
using Tollgate.Domain;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// Reads the JSON of <c>terraform show -json PLANFILE</c> from a stream in one pass. Each <c>resource_changes</c>
/// element is parsed on its own; <c>planned_values</c> and <c>variables</c> are skipped; of prior state resources only
/// <c>depends_on</c> and the identities of their values (ids, names, owner tags) are kept, so memory follows the
/// number of changes and resources, not the file.
/// Accepts any <c>format_version</c> 1.x and ignores fields it does not know.
/// </summary>
public sealed class PlanReader
{
    private readonly List<ResourceChange> _changes = [];
    private readonly List<OutputChange> _outputs = [];
    private readonly PriorStateReader _prior = new();
    private readonly ChangeDigest _digest = new();
    private Configuration _configuration = Configuration.Empty;
    private string? _formatVersion;
    private string _terraformVersion = "";
    private bool _errored;
    private bool _sawPlanSection;
    private readonly ChangeProbe _probe = new();
    private int _plainNoOps;
    private bool? _applyable;
    private bool? _complete;
    private int _create, _update, _delete, _replace, _forget, _read, _noop;

    public static TerraformPlan Read(Stream stream, string sourceName) => new PlanReader().ReadPlan(stream, sourceName, 1 << 20);

    /// <summary>Reads with a given first buffer size (tests use tiny buffers to cross every boundary).</summary>
    internal static TerraformPlan Read(Stream stream, string sourceName, int bufferSize) => new PlanReader().ReadPlan(stream, sourceName, bufferSize);

    public static TerraformPlan ReadFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(stream, path);
    }

    private TerraformPlan ReadPlan(Stream stream, string sourceName, int bufferSize)
    {
        // Two cores' worth: this thread tokenizes the stream and hands each captured element to a second
        // thread that classifies, parses and hashes it, in order.
        using var elements = new ElementPipeline(Process);
        var walker = new StreamingJsonWalker
        {
            Decide = Decide,
            Probe = ProbeValue,
            OnCapture = (path, json) => Capture(path, json, elements),
            InitialBufferSize = bufferSize,
        };
        try
        {
            elements.Run(() => walker.Walk(stream, sourceName));
        }
        catch (InvalidOperationException e) when (e.GetBaseException() is System.Text.DecoderFallbackException)
        {
            // Positions only: the string may be a sensitive value.
            throw new InvalidInputException($"{sourceName} is not valid UTF-8: a string in it holds bytes that are not UTF-8", e);
        }
        if (_formatVersion is null)
        {
            throw new InvalidInputException($"{sourceName} is not a Terraform plan: it has no format_version (expected the JSON of `terraform show -json PLANFILE`)");
        }

        CheckFormatVersion(_formatVersion, sourceName);
        if (!_sawPlanSection)
        {
            throw new InvalidInputException($"{sourceName} is not a Terraform plan: it has no resource_changes, planned_values or configuration (a state file? run `terraform show -json PLANFILE`)");
        }
        if (_errored)
        {
            throw new InvalidInputException($"{sourceName} is the plan of a failed `terraform plan` (errored: true); fix the plan errors first");
        }

        return new TerraformPlan(
            _formatVersion,
            _terraformVersion,
            _changes,
            _outputs,
            new PlanSummary(_create, _update, _delete, _replace, _forget, _read, _noop + _plainNoOps),
            _configuration,
            _prior.DependsOn,
            _digest.Finish())
        {
            Identities = _prior.Identities,
            Errored = _errored,
            Applyable = _applyable,
            Complete = _complete,
        };
    }

    private static void CheckFormatVersion(string version, string sourceName)
    {
        var major = version.Split('.')[0];
        if (major != "1")
        {
            throw new InvalidInputException(
                $"{sourceName} has plan format_version {version}; Tollgate reads format 1.x (Terraform 1.1 and later)");
        }
    }

    private JsonStep Decide(IReadOnlyList<string> path)
    {
        var top = path[0];
        if (path.Count == 1)
        {
            _sawPlanSection |= top is "resource_changes" or "planned_values" or "configuration";
            return top switch
            {
                "resource_changes" or "prior_state" => JsonStep.Descend,
                "format_version" or "terraform_version" or "errored" or "applyable" or "complete" => JsonStep.Capture,
                "output_changes" or "configuration" => JsonStep.Capture,
                _ => JsonStep.Skip,
            };
        }

        if (top == "resource_changes")
        {
            return path.Count == 2 ? JsonStep.Capture : JsonStep.Skip;
        }

        // prior_state.values.root_module(.child_modules[*])*.resources[*]
        if (top == "prior_state")
        {
            return _prior.Step(path);
        }

        return JsonStep.Skip;
    }

    private bool ProbeValue(IReadOnlyList<string> path, ref Utf8JsonReader reader) =>
        path.Count == 2 && path[0] == "resource_changes" ? _probe.Read(ref reader)
        : path[0] == "prior_state" ? _prior.Probe(path, ref reader)
        : reader.TrySkip();

    private void Capture(IReadOnlyList<string> path, ReadOnlySpan<byte> json, ElementPipeline elements)
    {
        if (path.Count == 2 && path[0] == "resource_changes")
        {
            // The probe has read this element already: no-ops are counted here and never copied.
            if (!_probe.IsObject)
            {
                throw new InvalidInputException("a resource_changes entry is not an object");
            }

            if (!_probe.HasAddress)
            {
                throw new InvalidInputException("a resource_changes entry has no address");
            }

            var actions = new ChangeActions(_probe.Actions.ToArray());
            if (actions.IsNoOp && !_probe.HasPrevious && !_probe.Importing)
            {
                _plainNoOps++;
                return;
            }
        }

        var top = path[0];
        if (path.Count == 1 && top != "output_changes")
        {
            CaptureTopLevel(top, json);
            return;
        }

        if (top == "prior_state")
        {
            _prior.Capture(path[^1], json);
            return;
        }

        elements.Post(top == "resource_changes" ? ElementKind.ResourceChange : ElementKind.OutputChanges, json);
    }

    private void Process(ElementKind kind, ReadOnlySpan<byte> json)
    {
        switch (kind)
        {
            case ElementKind.ResourceChange:
                AddResourceChange(json);
                break;
            case ElementKind.OutputChanges:
                AddOutputChanges(json);
                break;
        }
    }

    private void CaptureTopLevel(string name, ReadOnlySpan<byte> json)
    {
        switch (name)
        {
            case "format_version":
                _formatVersion = ScalarText(json);
                break;
            case "terraform_version":
                _terraformVersion = ScalarText(json);
                break;
            case "errored":
                _errored = ScalarText(json) == "true";
                break;
            case "applyable":
                _applyable = ScalarText(json) == "true";
                break;
            case "complete":
                _complete = ScalarText(json) == "true";
                break;
            case "configuration":
                using (var doc = JsonDocument.Parse(json.ToArray()))
                {
                    _configuration = Configuration.Parse(doc.RootElement);
                }

                break;
        }
    }

    private static string ScalarText(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString()!,
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
            _ => "",
        };
    }

    private void AddResourceChange(ReadOnlySpan<byte> json)
    {
        var change = ResourceChangeParser.Parse(json, _digest);
        Count(change.Actions);
        if (!change.Actions.IsNoOp || change.PreviousAddress is not null || change.Importing)
        {
            _changes.Add(change);
        }
    }

    private void Count(ChangeActions actions)
    {
        if (actions.Replaces)
        {
            _replace++;
        }
        else if (actions.Forgets)
        {
            _forget++;
        }
        else if (actions.Deletes)
        {
            _delete++;
        }
        else if (actions.Creates)
        {
            _create++;
        }
        else if (actions.Contains("update"))
        {
            _update++;
        }
        else if (actions.IsRead)
        {
            _read++;
        }
        else
        {
            _noop++;
        }
    }

    private void AddOutputChanges(ReadOnlySpan<byte> json)
    {
        using var doc = JsonDocument.Parse(json.ToArray());
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var output in doc.RootElement.EnumerateObject())
        {
            var change = output.Value;
            if (change.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var actions = new ChangeActions(change.TryGetProperty("actions", out var a) && a.ValueKind == JsonValueKind.Array
                ? a.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
                : []);
            if (actions.IsNoOp)
            {
                continue;
            }

            var sensitive = IsTrue(change, "before_sensitive") || IsTrue(change, "after_sensitive");
            _outputs.Add(new OutputChange(output.Name, actions, sensitive));
            _digest.AddOutputChange(output.Name, change);
        }
    }

    private static bool IsTrue(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
