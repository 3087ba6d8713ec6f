using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Tollgate.Domain.Findings;

namespace Tollgate.Domain.Gates;

/// <summary>
/// Binds the review questions a policy asks into the digest an approval is given for: the input's own digest and the
/// findings that ask for the review once the policy is applied (rule, address, severity, message, related), in
/// canonical JSON hashed with SHA-256. What the policy decides (<c>reviewOn</c>, a severity override, a disabled rule,
/// an exception) shows there, so an approval given for one set of questions does not clear another on the same input.
/// A plan binds its graph and scanner findings this way, a <c>graph</c> report all of its own, a manifest lint every
/// finding under review.
/// </summary>
public static class ReviewQuestions
{
    private static readonly JsonWriterOptions Options = new() { Indented = false, SkipValidation = true };

    /// <summary>
    /// <c>{"&lt;input&gt;": digest, "review": [...]}</c> hashed; the input's digest alone when nothing asks for a review.
    /// </summary>
    public static string Of(string input, string digest, IReadOnlyList<Finding> reviewing)
    {
        if (reviewing.Count == 0)
        {
            return digest;
        }

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString(input, digest);
            Write(w, reviewing);
            w.WriteEndObject();
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>The findings that ask for the review, in canonical order: rule, address, severity, message, related.</summary>
    public static void Write(Utf8JsonWriter w, IReadOnlyList<Finding> reviewing)
    {
        w.WriteStartArray("review");
        var ordered = reviewing
            .OrderBy(f => f.Rule, StringComparer.Ordinal)
            .ThenBy(f => f.Address, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal)
            .ThenBy(f => f.Severity);
        foreach (var finding in ordered)
        {
            w.WriteStartObject();
            w.WriteString("rule", finding.Rule);
            w.WriteString("address", finding.Address);
            w.WriteString("severity", finding.Severity.ToString().ToLowerInvariant());
            w.WriteString("message", finding.Message);
            w.WriteStartArray("related");
            foreach (var value in finding.Related.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                w.WriteStringValue(value);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
