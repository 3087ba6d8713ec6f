using System.Globalization;
using System.Text.Json;
using Tollgate.Domain;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// Reads the JSON of <c>terraform show -json PLANFILE</c> from a stream in one pass. Each <c>resource_changes</c>
/// element is parsed on its own; <c>planned_values</c>, <c>variables</c> and prior state values are skipped
/// (only <c>depends_on</c> of prior state resources is kept), so memory follows the number of changes, not the file.
/// Accepts any <c>format_version</c> 1.x and ignores fields it does not know.
/// </summary>
public sealed class PlanReader
{
    private readonly List<ResourceChange> _changes = [];
    private readonly List<OutputChange> _outputs = [];
    private readonly Dictionary<string, IReadOnlyList<string>> _priorDependsOn = new(StringComparer.Ordinal);
    private readonly ChangeDigest _digest = new();
    private Configuration _configuration = Configuration.Empty;
    private string? _formatVersion;
    private string _terraformVersion = "";
    private bool _errored;
    private bool _sawPlanSection;
    private readonly ChangeProbe _probe = new();
    private int _plainNoOps;
    private string? _priorAddress;
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
        elements.Run(() => walker.Walk(stream, sourceName));
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
            _priorDependsOn,
            _digest.Finish())
        {
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
            return PriorStateStep(path);
        }

        return JsonStep.Skip;
    }

    /// <summary>
    /// prior_state.values.root_module(.child_modules[*])*.resources[*]: only each resource's address and
    /// depends_on are read; its values are skipped without being copied.
    /// </summary>
    private static JsonStep PriorStateStep(IReadOnlyList<string> path)
    {
        if (path.Count == 2)
        {
            return path[1] == "values" ? JsonStep.Descend : JsonStep.Skip;
        }

        if (path.Count == 3)
        {
            return path[2] == "root_module" ? JsonStep.Descend : JsonStep.Skip;
        }

        var last = path[^1];
        var parent = path[^2];
        if (last == "*")
        {
            return parent is "resources" or "child_modules" ? JsonStep.Descend : JsonStep.Skip;
        }

        if (parent == "*" && path.Count >= 3 && path[^3] == "resources")
        {
            return last is "address" or "depends_on" ? JsonStep.Capture : JsonStep.Skip;
        }

        return last is "resources" or "child_modules" ? JsonStep.Descend : JsonStep.Skip;
    }

    private bool ProbeValue(IReadOnlyList<string> path, ref Utf8JsonReader reader) =>
        path.Count == 2 && path[0] == "resource_changes" ? _probe.Read(ref reader) : reader.TrySkip();

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
            AddPriorDependency(path[^1], json);
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
        // Most entries of a large plan are no-ops: classify them with one light scan, without a DOM.
        var (actions, hasPrevious, importing) = Classify(json);
        Count(actions);
        if (actions.IsNoOp && !hasPrevious && !importing)
        {
            return;
        }

        using var doc = JsonDocument.Parse(json.ToArray());
        var root = doc.RootElement.Clone();
        var address = Str(root, "address") ?? throw new InvalidInputException("a resource_changes entry has no address");
        var deposed = Str(root, "deposed");
        _digest.AddResourceChange(root, address, deposed);
        var change = Prop(root, "change");
        _changes.Add(new ResourceChange(address, Str(root, "mode") ?? "managed", Str(root, "type") ?? "", Str(root, "name") ?? "", actions)
        {
            PreviousAddress = Str(root, "previous_address"),
            ModuleAddress = Str(root, "module_address") ?? "",
            Index = root.TryGetProperty("index", out var index) ? (index.ValueKind == JsonValueKind.String ? index.GetString() : index.GetRawText()) : null,
            Deposed = deposed,
            ProviderName = Str(root, "provider_name") ?? "",
            ActionReason = Str(root, "action_reason"),
            ReplacePaths = ReplacePaths(change),
            Before = Prop(change, "before"),
            After = Prop(change, "after"),
            AfterUnknown = Prop(change, "after_unknown"),
            BeforeSensitive = Prop(change, "before_sensitive"),
            AfterSensitive = Prop(change, "after_sensitive"),
            Importing = importing,
        });
    }

    /// <summary>Reads only <c>change.actions</c>, <c>change.importing</c> and <c>previous_address</c> of an entry.</summary>
    private static (ChangeActions Actions, bool HasPrevious, bool Importing) Classify(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidInputException("a resource_changes entry is not an object");
        }

        var actions = new List<string>(2);
        var hasPrevious = false;
        var importing = false;
        var hasAddress = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("change"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("actions"u8))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.StartArray)
                        {
                            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                            {
                                actions.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : System.Text.Encoding.UTF8.GetString(reader.ValueSpan));
                            }
                        }
                    }
                    else if (reader.ValueTextEquals("importing"u8))
                    {
                        reader.Read();
                        importing = reader.TokenType == JsonTokenType.StartObject;
                        reader.Skip();
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            else if (reader.ValueTextEquals("previous_address"u8))
            {
                reader.Read();
                hasPrevious = reader.TokenType == JsonTokenType.String;
            }
            else
            {
                hasAddress |= reader.ValueTextEquals("address"u8);
                reader.Read();
                reader.Skip();
            }
        }

        if (!hasAddress)
        {
            throw new InvalidInputException("a resource_changes entry has no address");
        }

        return (new ChangeActions(actions), hasPrevious, importing);
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

    /// <summary>
    /// Keeps a prior state resource's depends_on under its address. Terraform writes <c>address</c> before
    /// <c>depends_on</c> in every resource object, so the last address seen is the owner.
    /// </summary>
    private void AddPriorDependency(string member, ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        if (member == "address")
        {
            _priorAddress = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return;
        }

        if (_priorAddress is null || reader.TokenType != JsonTokenType.StartArray)
        {
            return;
        }

        var dependsOn = new List<string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            dependsOn.Add(reader.GetString()!);
        }

        if (dependsOn.Count > 0)
        {
            _priorDependsOn[_priorAddress] = dependsOn;
        }
    }

    private static IReadOnlyList<IReadOnlyList<string>> ReplacePaths(JsonElement change)
    {
        if (change.ValueKind != JsonValueKind.Object || !change.TryGetProperty("replace_paths", out var paths) || paths.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var result = new List<IReadOnlyList<string>>();
        foreach (var path in paths.EnumerateArray())
        {
            if (path.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            result.Add(path.EnumerateArray()
                .Select(step => step.ValueKind == JsonValueKind.Number
                    ? step.GetInt64().ToString(CultureInfo.InvariantCulture)
                    : step.GetString() ?? "")
                .ToList());
        }

        return result;
    }

    private static JsonElement Prop(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) ? value : default;

    private static bool IsTrue(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static string? Str(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
