using System.Text.Json;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// The shape terraform gives a <c>resource_changes</c> entry (<see href="https://developer.hashicorp.com/terraform/internals/json-format#change-representation">change representation</see>):
/// the members whose repetition would let one copy hide another, and the action lists terraform writes.
/// </summary>
internal static class ChangeShape
{
    public static string[] EntryMembers { get; } =
    [
        "address", "previous_address", "module_address", "mode", "type", "name", "index", "deposed", "provider_name",
        "change", "action_reason",
    ];

    public static string[] ChangeMembers { get; } =
    [
        "actions", "before", "after", "after_unknown", "before_sensitive", "after_sensitive", "replace_paths",
        "importing", "generated_config", "before_identity", "after_identity",
    ];

    /// <summary>Every action list terraform writes; any other (an unknown word, another case, an empty list) is refused.</summary>
    public static bool IsKnown(IReadOnlyList<string> actions) => actions.Count switch
    {
        1 => actions[0] is "no-op" or "create" or "read" or "update" or "delete" or "forget",
        2 => (actions[0], actions[1]) is ("delete", "create") or ("create", "delete") or ("create", "forget"),
        _ => false,
    };

    /// <summary>Output changes carry one action each.</summary>
    public static bool IsKnownOutput(IReadOnlyList<string> actions) =>
        actions.Count == 1 && actions[0] is "no-op" or "create" or "update" or "delete";

    public static string ActionName(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("no-op"u8) ? "no-op"
        : reader.ValueTextEquals("create"u8) ? "create"
        : reader.ValueTextEquals("delete"u8) ? "delete"
        : reader.ValueTextEquals("update"u8) ? "update"
        : reader.ValueTextEquals("read"u8) ? "read"
        : reader.GetString()!;
}
