using System.Text.Json;
using Tollgate.Domain;

namespace Tollgate.Terraform.Plan;

/// <summary>Reads <c>output_changes</c>: the root outputs that change, and whether they are sensitive.</summary>
internal static class OutputChangesParser
{
    /// <summary>The members of an output's change whose repetition would let one copy hide another.</summary>
    private static readonly string[] ChangeMembers = ["actions", "before", "after", "after_unknown", "before_sensitive", "after_sensitive"];

    public static IReadOnlyList<OutputChange> Parse(ReadOnlySpan<byte> json, ChangeDigest digest, string sourceName)
    {
        using var doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = StreamingJsonWalker.MaxDepth });
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw Broken(sourceName, "output_changes", "is not an object");
        }

        var outputs = new List<OutputChange>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var members = new MemberSet(ChangeMembers);
        foreach (var output in doc.RootElement.EnumerateObject())
        {
            var change = output.Value;
            // Output names are identifiers of the configuration, never values.
            var path = "output_changes." + output.Name;
            if (!names.Add(output.Name))
            {
                throw Broken(sourceName, "output_changes", $"has {output.Name} twice");
            }

            if (change.ValueKind != JsonValueKind.Object)
            {
                throw Broken(sourceName, path, "is not an object");
            }

            members.Clear();
            foreach (var member in change.EnumerateObject())
            {
                if (members.Add(member.Name) is { } repeated)
                {
                    throw Broken(sourceName, path, $"has {repeated} twice");
                }
            }

            if (!change.TryGetProperty("actions", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw Broken(sourceName, path + ".actions", "is missing or not an array");
            }

            var values = list.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : "").ToList();
            if (!ChangeShape.IsKnownOutput(values))
            {
                throw Broken(sourceName, path + ".actions", "is not an action list terraform writes");
            }

            var actions = new ChangeActions(values);
            if (actions.IsNoOp)
            {
                continue;
            }

            var sensitive = IsTrue(change, "before_sensitive") || IsTrue(change, "after_sensitive");
            outputs.Add(new OutputChange(output.Name, actions, sensitive));
            digest.AddOutputChange(output.Name, change);
        }

        return outputs;
    }

    private static InvalidInputException Broken(string sourceName, string path, string problem) =>
        new($"{sourceName} is not a plan as terraform writes it: {path} {problem}");

    private static bool IsTrue(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
