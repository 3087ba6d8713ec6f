namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// What an object's schema says of it as written (<see cref="FieldCheck"/>), read in the <c>apiVersion</c> it means
/// (a misspelt <c>argoprj.io/v1alpha1</c> as <c>argoproj.io/v1alpha1</c>): Kubernetes' own for its kinds, Argo
/// Rollouts' CRD for a Rollout and Flagger's for a Canary (<see cref="ApiFields"/>), their <c>metadata</c> as
/// Kubernetes' object metadata and a Rollout's <c>spec.template</c> as its pod template. Nothing for kinds the
/// tables do not have (other custom resources) or objects in a removed API version, whose old schema is not the
/// table's.
/// </summary>
public static class ObjectSchema
{
    public static FieldCheck Check(KubeObject o)
    {
        var apiVersion = ApiKinds.ApiVersionReadAs(o);
        return ApiFields.Known.Check(o.Node, apiVersion, o.Kind, o.Document.WrittenAs);
    }
}
