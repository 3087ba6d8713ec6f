using System.Text.Json.Serialization;
using k8s.Models;

namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// Source-generated JSON metadata for exactly the client models the lint reads. The package's own context covers every
/// Kubernetes type and, once referenced, keeps all of them in the Native AOT binary (about 11 MB, measured with a probe
/// program); this one keeps only these. The models' converters (int-or-string, quantities) come with their attributes.
/// </summary>
[JsonSerializable(typeof(V1Deployment))]
[JsonSerializable(typeof(V1StatefulSet))]
[JsonSerializable(typeof(V1PodTemplateSpec))]
[JsonSerializable(typeof(V1LabelSelector))]
[JsonSerializable(typeof(V1PodDisruptionBudget))]
[JsonSerializable(typeof(V2HorizontalPodAutoscaler))]
[JsonSerializable(typeof(V1Probe))]
internal sealed partial class KubernetesModels : JsonSerializerContext;
