using Tollgate.Domain.Findings;
using Tollgate.Domain.Rules;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Rules;

/// <summary>
/// <c>k8s/invalid-manifest</c>'s findings on what an object's schema refuses (<see cref="ObjectSchema"/>): a key it does
/// not declare, with the field meant a typo or two away or the fields taken there; a field it requires left unset; a
/// value outside those its CRD lists, with the value meant. Each is located at its line.
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

    public static IEnumerable<Finding> Unsupported(RuleInfo info, KubeObject o)
    {
        foreach (var value in o.Unsupported)
        {
            var supported = string.Join(", ", value.Accepted.Select(a => $"\"{a}\""));
            yield return ManifestFinding.For(
                info,
                o,
                $"{o}: {value.Path} is \"{value.Value}\", which a {o.Kind} does not take there{(value.Near is { } near ? $"; did you mean {near}?" : "")}: kubectl apply refuses it ({value.Path}: Unsupported value: \"{value.Value}\": supported values: {supported})",
                value.Near is { } meant ? $"set {value.Path} to {meant}" : $"set {value.Path} to one of {supported}",
                new Dictionary<string, object?> { ["field"] = value.Path, ["value"] = value.Value, ["near"] = value.Near, ["accepted"] = value.Accepted },
                o.At(value.Node));
        }
    }
}
