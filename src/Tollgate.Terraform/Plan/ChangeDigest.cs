using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Tollgate.Terraform.Plan.Checks;

namespace Tollgate.Terraform.Plan;

/// <summary>
/// The SHA-256 digest of a plan's planned changes and the checks that did not pass, which approvals are bound to. Each
/// change that does something (and each no-op that moves or imports) and each check result that is not a pass is
/// hashed in canonical JSON over the fields that define it; the sorted per-entry hashes are hashed again. Reformatting
/// the plan leaves the digest as is; changing any planned change (actions, values, reasons, addresses) or any failing
/// check (address, status, messages) changes it. Timestamps, versions, no-ops and passing checks do not take part, so
/// a plan whose checks all pass has the digest of its changes alone.
/// </summary>
public sealed class ChangeDigest
{
    // Each list in ordinal order, the order the canonical form writes the fields in.
    private static readonly string[] ChangeFields = Sorted("actions", "before", "after", "after_unknown", "before_sensitive", "after_sensitive", "replace_paths", "importing");

    private static readonly string[] EntryFields = Sorted("address", "previous_address", "deposed", "action_reason", "mode", "type");

    private static readonly string[] OutputFields = Sorted("actions", "before", "after", "after_unknown", "before_sensitive", "after_sensitive");

    private readonly List<(string Key, byte[] Hash)> _entries = [];
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    public int Count => _entries.Count;

    /// <summary>Adds one <c>resource_changes</c> element.</summary>
    public void AddResourceChange(JsonElement entry, string address, string? deposed)
    {
        _buffer.ResetWrittenCount();
        using (var w = CanonicalJson.CreateWriter(_buffer))
        {
            w.WriteStartObject();
            WriteFields(w, entry, EntryFields);
            if (entry.TryGetProperty("change", out var change) && change.ValueKind == JsonValueKind.Object)
            {
                w.WritePropertyName("change");
                w.WriteStartObject();
                WriteFields(w, change, ChangeFields);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        _entries.Add(("r:" + address + "#" + deposed, SHA256.HashData(_buffer.WrittenSpan)));
    }

    /// <summary>Adds one <c>output_changes</c> member.</summary>
    public void AddOutputChange(string name, JsonElement change)
    {
        _buffer.ResetWrittenCount();
        using (var w = CanonicalJson.CreateWriter(_buffer))
        {
            w.WriteStartObject();
            w.WriteString("output", name);
            WriteFields(w, change, OutputFields);
            w.WriteEndObject();
        }

        _entries.Add(("o:" + name, SHA256.HashData(_buffer.WrittenSpan)));
    }

    /// <summary>
    /// Adds one check result that is not a pass: what the reviewer saw of it (address, kind, status, the failure
    /// messages in order). Two plans that differ only in what failed have different digests.
    /// </summary>
    public void AddCheck(CheckResult check)
    {
        _buffer.ResetWrittenCount();
        using (var w = CanonicalJson.CreateWriter(_buffer))
        {
            w.WriteStartObject();
            w.WriteString("address", check.Address);
            w.WriteString("kind", check.Kind.Id());
            w.WriteStartArray("problems");
            foreach (var problem in check.Problems)
            {
                w.WriteStringValue(problem);
            }

            w.WriteEndArray();
            w.WriteString("status", check.Status);
            w.WriteEndObject();
        }

        _entries.Add(("c:" + check.Address + "#" + check.Kind.Id(), SHA256.HashData(_buffer.WrittenSpan)));
    }

    public string Finish()
    {
        // Keys are unique but for check results of one address and kind (two preconditions of a resource in a
        // Terraform 1.2 plan): their hashes order them, so the digest does not depend on the plan's order.
        _entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key) is var byKey and not 0 ? byKey : a.Hash.AsSpan().SequenceCompareTo(b.Hash));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var record = new byte[256]; // key, 0, hash: what each entry adds to the digest, in one buffer reused for all
        foreach (var (key, hash) in _entries)
        {
            var length = System.Text.Encoding.UTF8.GetByteCount(key) + 1 + hash.Length;
            if (record.Length < length)
            {
                record = new byte[length];
            }

            var written = System.Text.Encoding.UTF8.GetBytes(key, record);
            record[written] = 0;
            hash.CopyTo(record, written + 1);
            sha.AppendData(record, 0, length);
        }

        return "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static string[] Sorted(params string[] fields) => [.. fields.Order(StringComparer.Ordinal)];

    private static void WriteFields(Utf8JsonWriter w, JsonElement owner, string[] fields)
    {
        foreach (var field in fields)
        {
            if (owner.TryGetProperty(field, out var value))
            {
                w.WritePropertyName(field);
                CanonicalJson.Write(w, value);
            }
        }
    }
}
