using System.Text.Json;
using Tollgate.Terraform.Addresses;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// One entry of <c>resource_changes</c> that changes something. Values are kept as parsed JSON for the rules;
/// they may hold sensitive values, so nothing here is ever printed as is (see <see cref="SensitivePaths"/>).
/// </summary>
public sealed record ResourceChange(
    string Address,
    string Mode,
    string Type,
    string Name,
    ChangeActions Actions)
{
    public string? PreviousAddress { get; init; }

    public string ModuleAddress { get; init; } = "";

    public string? Index { get; init; }

    public string? Deposed { get; init; }

    public string ProviderName { get; init; } = "";

    public string? ActionReason { get; init; }

    /// <summary>Attribute paths that force the replacement, as strings ("tags.Name", "rules[0]").</summary>
    public IReadOnlyList<IReadOnlyList<string>> ReplacePaths { get; init; } = [];

    public JsonElement Before { get; init; }

    public JsonElement After { get; init; }

    public JsonElement AfterUnknown { get; init; }

    public JsonElement BeforeSensitive { get; init; }

    public JsonElement AfterSensitive { get; init; }

    public bool Importing { get; init; }

    public ResourceAddress Parsed => _parsed ??= ResourceAddress.Parse(Address);

    private ResourceAddress? _parsed;

    public bool IsManaged => Mode == "managed";
}
