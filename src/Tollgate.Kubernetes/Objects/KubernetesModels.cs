using System.Text.Json.Serialization;
using k8s.Models;

namespace Tollgate.Kubernetes.Objects;

/// <summary>
/// Source-generated JSON metadata for exactly the client models the lint reads. The package's own context covers every
/// Kubernetes type and, once referenced, keeps all of them in the Native AOT binary: a probe program reading two models
/// published at 14.8 MB through it and 5.3 MB through this one. The models' converters (int-or-string, quantities) come
/// with their attributes. Written (a probe in a finding's evidence), unset fields are left out.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(V1Deployment))]
[JsonSerializable(typeof(V1StatefulSet))]
[JsonSerializable(typeof(V1PodTemplateSpec))]
[JsonSerializable(typeof(V1LabelSelector))]
[JsonSerializable(typeof(V1PodDisruptionBudget))]
[JsonSerializable(typeof(V2HorizontalPodAutoscaler))]
[JsonSerializable(typeof(V1Probe))]
internal sealed partial class KubernetesModels : JsonSerializerContext;
