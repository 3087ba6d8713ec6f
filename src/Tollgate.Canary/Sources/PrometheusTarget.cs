using Tollgate.Canary.Spec;
using Tollgate.Domain;

namespace Tollgate.Canary.Sources;

/// <summary>Which Prometheus a spec is judged against: <c>--prometheus</c> when given, else the spec's own URL.</summary>
public static class PrometheusTarget
{
    /// <summary>The URL to query; a malformed flag or none at all is exit 3, never quoting a password.</summary>
    public static Uri Of(CanarySpec spec, string? flag)
    {
        Uri? url = spec.Prometheus;
        if (flag is not null && (!Uri.TryCreate(flag, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
        {
            throw new InvalidInputException($"--prometheus {PrometheusUrl.RedactText(flag)} is not an http(s) URL");
        }

        return url ?? throw new InvalidInputException($"{spec.Path}: no Prometheus URL: set prometheus: in the spec or pass --prometheus");
    }
}
