namespace Tollgate.Kubernetes.Manifests;

/// <summary>
/// One input of manifests as text: a file, standard input (<c>-</c>) or a body handed to a server route.
/// <paramref name="Name"/> is how locations and errors name it.
/// </summary>
public sealed record ManifestText(string Name, string Text);
