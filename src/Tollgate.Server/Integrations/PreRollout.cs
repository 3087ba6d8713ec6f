using Tollgate.Server.Specs;

namespace Tollgate.Server.Integrations;

/// <summary>
/// The rollout Flagger is about to start: its name and namespace, the spec that will judge it, and the webhook's
/// metadata (strings only), where a check may find what it needs (e.g. <c>manifests</c>: files to lint).
/// </summary>
public sealed record PreRollout(string Name, string Namespace, ServedSpec Spec, IReadOnlyDictionary<string, string> Metadata);
