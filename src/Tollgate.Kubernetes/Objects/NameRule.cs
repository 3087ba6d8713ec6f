namespace Tollgate.Kubernetes.Objects;

/// <summary>The rule the API server checks a name by (k8s.io/apimachinery pkg/util/validation), by the kind it names.</summary>
public enum NameRule
{
    /// <summary>A lowercase RFC 1123 subdomain (most kinds' <c>metadata.name</c>): <c>a-z</c>, <c>0-9</c>, <c>-</c> and <c>.</c>, at most 253 characters.</summary>
    Subdomain,

    /// <summary>A lowercase RFC 1123 label (a Namespace's name, any <c>metadata.namespace</c>): <c>a-z</c>, <c>0-9</c> and <c>-</c>, at most 63 characters.</summary>
    Label,

    /// <summary>A DNS-1035 label (a Service's name): as <see cref="Label"/>, starting with a letter.</summary>
    Dns1035,

    /// <summary>Any path segment (RBAC's kinds: <c>system:controller:foo</c>): no <c>/</c> or <c>%</c>, not <c>.</c> or <c>..</c>.</summary>
    PathSegment,
}
