using System.Text.Json;
using System.Text.RegularExpressions;
using Tollgate.Domain;

namespace Tollgate.Terraform.Plan.Checks;

/// <summary>
/// Reads the plan's check results that are not a pass: <c>checks[]</c> (Terraform 1.3 and later) and the older
/// <c>condition_results[]</c> (Terraform 1.2 to 1.3). A result whose shape is not what terraform writes is refused,
/// naming its path, never its content.
/// </summary>
public static partial class CheckResultsParser
{
    private static readonly string[] Statuses = ["pass", "fail", "error", "unknown"];

    /// <summary>The <c>checks</c> array: one result per failed, errored or unknown instance (or block without instances).</summary>
    public static IReadOnlyList<CheckResult> ParseChecks(JsonElement checks, string sourceName)
    {
        Expect(checks.ValueKind == JsonValueKind.Array, sourceName, "checks", "is not an array");
        var results = new List<CheckResult>();
        var i = 0;
        foreach (var block in checks.EnumerateArray())
        {
            var path = $"checks[{i++}]";
            Expect(block.ValueKind == JsonValueKind.Object, sourceName, path, "is not an object");
            var address = Member(block, "address");
            Expect(address.ValueKind == JsonValueKind.Object, sourceName, path + ".address", "is not an object");
            var display = Text(address, "to_display") ?? throw Broken(sourceName, path + ".address.to_display", "is missing or not a string");
            var kind = Text(address, "kind") switch
            {
                "resource" => CheckKind.ResourceCondition,
                "output_value" => CheckKind.OutputPrecondition,
                "check" => CheckKind.CheckBlock,
                "var" => CheckKind.VariableValidation,
                _ => throw Broken(sourceName, path + ".address.kind", "is not a kind terraform writes"),
            };
            var status = Status(block, sourceName, path);
            var instances = Member(block, "instances");
            if (instances.ValueKind is not (JsonValueKind.Array or JsonValueKind.Undefined or JsonValueKind.Null))
            {
                throw Broken(sourceName, path + ".instances", "is not an array");
            }

            var before = results.Count;
            var j = 0;
            foreach (var instance in instances.ValueKind == JsonValueKind.Array ? instances.EnumerateArray().ToList() : [])
            {
                var at = $"{path}.instances[{j++}]";
                Expect(instance.ValueKind == JsonValueKind.Object, sourceName, at, "is not an object");
                var instanceStatus = Status(instance, sourceName, at);
                if (instanceStatus != "pass")
                {
                    var instanceAddress = Member(instance, "address");
                    results.Add(new CheckResult(
                        Text(instanceAddress, "to_display") ?? display,
                        display,
                        Text(instanceAddress, "module") ?? Text(address, "module") ?? "",
                        kind,
                        instanceStatus,
                        Problems(instance, sourceName, at)));
                }
            }

            if (results.Count == before && status != "pass")
            {
                // Terraform could not expand the block (or a plan lists no instances): the block's own status stands.
                // Unknown with no instance at all is a block terraform did not evaluate in this plan: a destroy plan
                // checks nothing, a -target plan nothing outside its targets, and their applies do not either.
                var none = instances.ValueKind != JsonValueKind.Array || instances.GetArrayLength() == 0;
                results.Add(new CheckResult(display, display, Text(address, "module") ?? "", kind, status, []) { NotEvaluated = none && status == "unknown" });
            }
        }

        return results;
    }

    /// <summary>The <c>condition_results</c> array of Terraform 1.2 and 1.3: false results and unknown ones.</summary>
    public static IReadOnlyList<CheckResult> ParseConditionResults(JsonElement conditions, string sourceName)
    {
        Expect(conditions.ValueKind == JsonValueKind.Array, sourceName, "condition_results", "is not an array");
        var results = new List<CheckResult>();
        var i = 0;
        foreach (var condition in conditions.EnumerateArray())
        {
            var path = $"condition_results[{i++}]";
            Expect(condition.ValueKind == JsonValueKind.Object, sourceName, path, "is not an object");
            var address = Text(condition, "address") ?? throw Broken(sourceName, path + ".address", "is missing or not a string");
            var kind = Text(condition, "condition_type") switch
            {
                "ResourcePrecondition" => CheckKind.ResourcePrecondition,
                "ResourcePostcondition" => CheckKind.ResourcePostcondition,
                "OutputPrecondition" => CheckKind.OutputPrecondition,
                _ => throw Broken(sourceName, path + ".condition_type", "is not a condition type terraform writes"),
            };
            var result = Member(condition, "result");
            Expect(result.ValueKind is JsonValueKind.True or JsonValueKind.False, sourceName, path + ".result", "is not true or false");
            var unknown = Member(condition, "unknown");
            Expect(unknown.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Undefined, sourceName, path + ".unknown", "is not true or false");
            if (result.ValueKind == JsonValueKind.True && unknown.ValueKind != JsonValueKind.True)
            {
                continue;
            }

            var message = Text(condition, "error_message");
            results.Add(new CheckResult(
                address,
                InstanceKeys().Replace(address, ""),
                ModuleOf(address),
                kind,
                unknown.ValueKind == JsonValueKind.True ? "unknown" : "fail",
                message is null || unknown.ValueKind == JsonValueKind.True ? [] : [message]));
        }

        return results;
    }

    private static string Status(JsonElement owner, string sourceName, string path)
    {
        var status = Text(owner, "status");
        return status is not null && Statuses.Contains(status)
            ? status
            : throw Broken(sourceName, path + ".status", "is not pass, fail, error or unknown");
    }

    private static IReadOnlyList<string> Problems(JsonElement instance, string sourceName, string path)
    {
        var problems = Member(instance, "problems");
        if (problems.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return [];
        }

        Expect(problems.ValueKind == JsonValueKind.Array, sourceName, path + ".problems", "is not an array");
        var messages = new List<string>();
        var k = 0;
        foreach (var problem in problems.EnumerateArray())
        {
            messages.Add(Text(problem, "message") ?? throw Broken(sourceName, $"{path}.problems[{k}].message", "is missing or not a string"));
            k++;
        }

        return messages;
    }

    private static string ModuleOf(string address)
    {
        var parts = address.Split('.');
        var end = 0;
        while (end + 1 < parts.Length && parts[end] == "module")
        {
            end += 2;
        }

        return string.Join('.', parts[..end]);
    }

    private static void Expect(bool holds, string sourceName, string path, string problem)
    {
        if (!holds)
        {
            throw Broken(sourceName, path, problem);
        }
    }

    private static InvalidInputException Broken(string sourceName, string path, string problem) =>
        new($"{sourceName} is not a plan as terraform writes it: {path} {problem}");

    private static JsonElement Member(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) ? value : default;

    private static string? Text(JsonElement owner, string name) =>
        Member(owner, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex InstanceKeys();
}
