using System.Globalization;
using k8s.Models;
using Tollgate.Domain;
using Tollgate.Kubernetes.Objects;

namespace Tollgate.Kubernetes.Workloads;

/// <summary>
/// An int-or-percent field (<c>maxUnavailable</c>, <c>maxSurge</c>, <c>minAvailable</c>) as a pod count of a total,
/// rounded as Kubernetes rounds it: <c>maxSurge</c> and <c>minAvailable</c> up, <c>maxUnavailable</c> down.
/// </summary>
internal static class Scaled
{
    public static int Pods(KubeObject owner, IntOrString value, int total, bool roundUp, string field)
    {
        var text = value.Value ?? "";
        if (text.EndsWith('%') && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            var exact = total * (double)percent / 100;
            return (int)(roundUp ? Math.Ceiling(exact) : Math.Floor(exact));
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new InvalidInputException($"{owner.Location}: {owner}: {field} '{text}' is neither a count nor a percentage like 25%");
    }

    /// <summary>
    /// The pods a rolling update may take down at once, as the Deployment controller and Argo Rollouts resolve
    /// <c>maxSurge</c> and <c>maxUnavailable</c> (the "fenceposts"): surge rounded up, unavailable down, and when both
    /// come to 0, unavailable 1, so that the update can still move (kubernetes/kubernetes
    /// pkg/controller/deployment/util/deployment_util.go <c>ResolveFenceposts</c>; argoproj/argo-rollouts
    /// utils/replicaset/replicaset.go). <c>Fencepost</c> is true when that last rule set it.
    /// </summary>
    public static (int Down, bool Fencepost) Unavailable(Workload workload, int pods)
    {
        var strategy = workload.Strategy;
        var down = Pods(workload.Source, strategy.MaxUnavailable!, pods, roundUp: false, strategy.Path + ".maxUnavailable");
        var fencepost = down == 0 && strategy.MaxSurge is { } surge && Pods(workload.Source, surge, pods, roundUp: true, strategy.Path + ".maxSurge") == 0;
        return fencepost ? (1, true) : (down, false);
    }

    /// <summary>
    /// <paramref name="value"/> as a finding's evidence: a count as a JSON number (the manifest's <c>3</c>, not
    /// <c>"3"</c>), a percentage as its text (<c>"25%"</c>), null when the field is not set.
    /// </summary>
    public static object? Evidence(IntOrString? value) =>
        value?.Value is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : value?.Value;

    /// <summary>True for <c>0</c> and <c>0%</c>.</summary>
    public static bool IsZero(IntOrString? value) => value?.Value is "0" or "0%";
}
