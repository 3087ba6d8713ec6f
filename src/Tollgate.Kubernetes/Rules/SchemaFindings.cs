using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s findings on what an object's schema refuses (<see cref="ObjectSchema"/>): a key it does
/// not declare, with the field meant a typo or two away or the fields taken there; a field it requires left unset; a
/// value outside those it lists (Kubernetes' enums and a CRD's), with the value meant; a string where a field holds a
/// number, a string or a number where it holds a boolean, a number or a boolean where it holds a string (the text as
/// written, quoted, is meant: <c>"8080"</c>, <c>"yes"</c>), or a quantity the API server cannot parse, with the value
/// meant. Each is located at its line.
/// </summary>
internal static class SchemaFindings
{
    /// <summary>What <c>kubectl apply</c> answers for an unset required field, which a misspelt key far from it may have been meant as.</summary>
    public const string RequiredWhy = "kubectl apply refuses it: Required value";

    public static IEnumerable<Finding> Unknown(RuleInfo info, KubeObject o)
    {
        foreach (var field in o.Undeclared)
        {
            var what = field.Parent.Length == 0 ? $"a {o.Kind}" : field.Parent;
            yield return ManifestFinding.For(
                info,
                o,
                $"{o}: {field.Path} is not a field of a {o.Kind}{(field.Near is { } near ? $"; did you mean {near}?" : "")}: kubectl apply refuses it (strict decoding error: unknown field \"{field.Path}\"), and applied without validation the API server drops it{(field.ReadAsNear ? $"; linted as {field.MeantPath}" : "")}",
                field.MeantPath is { } meant
                    ? $"rename {field.Path} to {meant}"
                    : $"remove {field.Path}: {what} takes {string.Join(", ", field.Accepted)}",
                new Dictionary<string, object?> { ["field"] = field.Path, ["near"] = field.Near, ["accepted"] = field.Accepted },
                o.At(field.At));
        }
    }

    /// <summary>Required fields left unset, but for those <paramref name="reportedElsewhere"/> says another check reports (a workload's <c>spec.selector</c>).</summary>
    public static IEnumerable<Finding> Unset(RuleInfo info, KubeObject o, Func<UnsetField, bool> reportedElsewhere)
    {
        foreach (var field in o.Unset.Where(f => !reportedElsewhere(f)))
        {
            yield return ManifestFinding.For(
                info,
                o,
                $"{o}: {field.Path} is unset, and a {o.Kind} requires it: kubectl apply refuses it ({field.Path}: Required value)",
                $"set {field.Path}",
                new Dictionary<string, object?> { ["field"] = field.Path, ["unset"] = field.Path, ["unsetWhy"] = RequiredWhy },
                o.At(field.Mapping));
        }
    }

    /// <summary>Values outside those listed, except those <paramref name="reportedElsewhere"/> says another check reports (a Job pod's <c>restartPolicy</c>).</summary>
    public static IEnumerable<Finding> Unsupported(RuleInfo info, KubeObject o, Func<UnsupportedValue, bool> reportedElsewhere)
    {
        foreach (var value in o.Unsupported.Where(v => !reportedElsewhere(v)))
        {
            var supported = string.Join(", ", value.Accepted.Select(a => $"\"{a}\""));
            var near = value.Near is not { } meant ? ""
                : meant.Equals(value.Value.Trim(), StringComparison.OrdinalIgnoreCase) ? $"; did you mean {meant}? (values are case-sensitive)"
                : $"; did you mean {meant}?";
            yield return ManifestFinding.For(
                info,
                o,
                $"{o}: {value.Path} is \"{value.Value}\", which a {o.Kind} does not take there{near}: kubectl apply refuses it ({value.Path}: Unsupported value: \"{value.Value}\": supported values: {supported}){(value.ReadAsNear ? $"; linted as {value.Near}" : "")}",
                value.Near is { } set ? $"set {value.Path} to {set}" : $"set {value.Path} to one of {supported}",
                new Dictionary<string, object?> { ["field"] = value.Path, ["value"] = value.Value, ["near"] = value.Near, ["accepted"] = value.Accepted },
                o.At(value.Node));
        }
    }

    public static IEnumerable<Finding> Malformed(RuleInfo info, KubeObject o)
    {
        foreach (var value in o.Malformed)
        {
            var isString = value.Expected == "string";
            var meant = isString ? $"\"{value.Value}\"" : value.Near?.ToJsonString().Trim('"');
            var scalar = value.Node as JsonValue;
            var isText = scalar?.GetValueKind() == JsonValueKind.String;
            var shown = isText || scalar is null ? $"\"{value.Value}\"" : Nodes.AsWritten(value.Value, scalar);
            // What the value is, unless AsWritten named it already (0644 (kubectl reads it as the number 420)).
            var kind = scalar is null ? "" : isText || shown == scalar.ToJsonString() ? $", a {Nodes.KindOf(scalar)}" : "";
            var what = value.Expected switch
            {
                "quantity" => $"{shown}, which is not a Kubernetes quantity",
                "string" => $"{shown}{kind} where a {o.Kind} takes a string",
                "boolean" => $"{shown}{kind} where a {o.Kind} takes a boolean (true or false)",
                _ => $"{shown}{kind} where a {o.Kind} takes {(value.Expected == "integer" ? "an integer" : "a number")}{(value.Path.EndsWith("Seconds", StringComparison.Ordinal) ? " of seconds" : "")}",
            };
            var read = !value.ReadAsMeant ? "" : meant is null ? "; linted without it" : $"; linted as {meant}";
            if (IsSecretValue(o, value))
            {
                // A Secret's value is never written into a report or the ledger: the finding says what to do without it.
                yield return ManifestFinding.For(
                    info,
                    o,
                    $"{o}: {value.Path} is {(value.Node.GetValueKind() == JsonValueKind.Number ? "a number" : "a boolean")} where a Secret takes a string (the value is not shown): kubectl apply refuses it ({value.Why})",
                    $"quote the value of {value.Path}",
                    new Dictionary<string, object?> { ["field"] = value.Path, ["value"] = Hidden, ["expected"] = value.Expected },
                    o.At(value.Node));
                continue;
            }

            yield return ManifestFinding.For(
                info,
                o,
                $"{o}: {value.Path} is {what}{(meant is null ? "" : $"; did you mean {meant}?")}: kubectl apply refuses it ({value.Why}){read}",
                MalformedSuggestion(value, meant),
                new Dictionary<string, object?> { ["field"] = value.Path, ["value"] = value.Value, ["expected"] = value.Expected, ["near"] = isString ? value.Value : meant },
                o.At(value.Node));
        }
    }

    /// <summary>What a report shows in place of a Secret's value.</summary>
    public const string Hidden = "(secret)";

    /// <summary>True for a value of a Secret's <c>data</c> or <c>stringData</c>: a credential, never shown.</summary>
    private static bool IsSecretValue(KubeObject o, MalformedValue value) =>
        o.Kind == "Secret" && (value.Path.StartsWith("data.", StringComparison.Ordinal) || value.Path.StartsWith("stringData.", StringComparison.Ordinal));

    private static string MalformedSuggestion(MalformedValue value, string? meant)
    {
        if (value.Expected == "string")
        {
            return $"set {value.Path} to {meant}, quoted";
        }

        if (value.Expected == "boolean")
        {
            return $"set {value.Path} to {meant ?? "true or false"}, unquoted";
        }

        if (value.Expected != "quantity")
        {
            return meant is null ? $"set {value.Path} to {(value.Expected == "integer" ? "an integer" : "a number")}, unquoted" : $"set {value.Path} to {meant}, unquoted";
        }

        if (meant is null)
        {
            return $"set {value.Path} to a quantity: a number and a suffix, m for thousandths (cpu: 500m), k M G T P E or Ki Mi Gi Ti Pi Ei for bytes (memory: 1G, 512Mi)";
        }

        return Quantities.BinaryOf(meant) is { } binary && !value.Path.EndsWith(".cpu", StringComparison.Ordinal)
            ? $"set {value.Path} to {meant} (or {binary}: Ki, Mi, Gi count in powers of 1024)"
            : $"set {value.Path} to {meant}";
    }
}
