using System.Text.Json;
using Tollgate.Terraform.Addresses;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// One entry of <c>resource_changes</c> that changes something. Values are kept as the element's bytes and parsed when a rule reads them;
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

    /// <summary>The values, read from the element's bytes the first time one is asked for (<see cref="ChangeBody"/>).</summary>
    internal ChangeBody Body { get; init; } = ChangeBody.Empty;

    /// <summary>Whether <c>before_sensitive</c> or <c>after_sensitive</c> marks anything (a <c>true</c> anywhere in them).</summary>
    internal bool MarksSensitive { get; init; }

    public JsonElement Before => Body.Values.Before;

    public JsonElement After => Body.Values.After;

    public JsonElement AfterUnknown => Body.Values.AfterUnknown;

    public JsonElement BeforeSensitive => Body.Values.BeforeSensitive;

    public JsonElement AfterSensitive => Body.Values.AfterSensitive;

    public bool Importing { get; init; }

    public ResourceAddress Parsed => _parsed ??= ResourceAddress.Parse(Address);

    /// <summary>The configuration address (instance keys stripped), without parsing the address into steps or keeping it.</summary>
    public string ConfigAddress => ResourceAddress.ConfigOf(Address);

    private ResourceAddress? _parsed;

    public bool IsManaged => Mode == "managed";
}
