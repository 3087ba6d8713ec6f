namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// The keys of an object its schema does not declare where they are written: Kubernetes' own (<see cref="ApiFields"/>)
/// for its kinds, read in the group a misspelt <c>apiVersion</c> means; for a Rollout its CRD's
/// (<see cref="CrdFields"/>), with its <c>metadata</c> and its <c>spec.template</c> read as Kubernetes' object metadata
/// and pod template (the CRD's walk leaves the template out, so nothing is found twice). None for kinds the tables do
/// not have: custom resources other than a Rollout, and objects in a removed API version, whose old schema is not the
/// table's.
/// </summary>
public static class UndeclaredFields
{
    public static IReadOnlyList<UnknownField> Of(KubeObject o)
    {
        var group = ApiKinds.GroupReadAs(o);
        if (group == "argoproj.io")
        {
            return o.Kind == "Rollout" ? OfRollout(o) : [];
        }

        var version = o.ApiVersion[(o.ApiVersion.IndexOf('/') + 1)..];
        return ApiFields.Kubernetes.Unknown(o.Node, group.Length == 0 ? version : $"{group}/{version}", o.Kind);
    }

    private static List<UnknownField> OfRollout(KubeObject o)
    {
        var spec = Nodes.Get(o.Node, "spec");
        var crd = CrdFields.Rollout.Unknown(spec);
        // The pod template under a misspelt spec.template key is still checked, as the template it means.
        var (template, shown) = Nodes.Get(spec, "template") is { } written
            ? (written, "spec.template")
            : crd.FirstOrDefault(f => f.Parent == "spec" && f.Near == "template") is { } misspelt
                ? (misspelt.Mapping[misspelt.Key], misspelt.Path)
                : (null, "");
        return [.. ApiFields.Kubernetes.UnknownInMetadata(Nodes.Get(o.Node, "metadata")), .. crd, .. ApiFields.Kubernetes.UnknownInPodTemplate(template, shown, "spec.template")];
    }
}
