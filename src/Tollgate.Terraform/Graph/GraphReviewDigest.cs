using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Gates;
using Tollgate.Terraform.Graph.StateSplit;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// The digest a <c>graph</c> or <c>state-split</c> report, and so its approvals, are bound to. As a plan's
/// <see cref="ChangeDigest"/> binds a review to exactly the planned changes, this binds it to exactly what the verdict
/// was decided on: the report kind (a graph's approval never clears a state split), the graph input's own digest (its
/// nodes and edges, or a plan's changes), the changed and destroyed addresses (from <c>--changed</c> or the plan),
/// every limit in force (<c>--fan-out</c>, <c>--max-*</c> and the policy's, parallelism), the owners file's entries,
/// whether terraform graph was merged, and the findings that ask for the review once the policy is applied (rule,
/// address, severity, message, related): what the graph's nodes and edges do not hold (a literal equal to another
/// object's identity, an owner tag) and what the policy decides (a severity override, <c>failOn</c>, <c>reviewOn</c>,
/// a disabled rule, an exception, live or expired) all show there. Canonical JSON, sets sorted, hashed with SHA-256:
/// the same inputs give the same digest; a different change, limit, owner or review question gives another, which no
/// earlier approval covers.
/// </summary>
public static class GraphReviewDigest
{
    public static string Of(string kind, string input, GraphAnalysis analysis, OwnerMap owners, bool terraformGraph, IReadOnlyList<Finding> reviewing)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = CanonicalJson.CreateWriter(buffer))
        {
            var limits = analysis.Thresholds;
            w.WriteStartObject();
            w.WriteString("kind", kind);
            w.WriteString("input", input);
            w.WriteBoolean("terraformGraph", terraformGraph);
            Sorted(w, "changed", analysis.Changes.Changed);
            Sorted(w, "destroyed", analysis.Changes.Destroyed);
            w.WriteStartObject("limits");
            w.WriteNumber("fanOut", limits.FanOut);
            Optional(w, "maxBlastRadius", limits.MaxBlastRadius);
            Optional(w, "maxChanged", limits.MaxChanged);
            Optional(w, "maxDestroyed", limits.MaxDestroyed);
            w.WriteNumber("parallelism", limits.Parallelism);
            w.WriteNumber("top", limits.Top);
            w.WriteEndObject();
            // In file order: the last matching CODEOWNERS line wins, so order is part of what the file says.
            Pairs(w, "codeOwners", owners.CodeOwners);
            Pairs(w, "modules", [.. owners.Modules.OrderBy(m => m.Module, StringComparer.Ordinal)]);
            ReviewQuestions.Write(w, reviewing);
            w.WriteEndObject();
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void Sorted(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void Optional(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Pairs(Utf8JsonWriter w, string name, IReadOnlyList<(string Key, string Owner)> pairs)
    {
        w.WriteStartArray(name);
        foreach (var (key, owner) in pairs)
        {
            w.WriteStartArray();
            w.WriteStringValue(key);
            w.WriteStringValue(owner);
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }
}
