namespace Tollgate.Server.Hosting;

/// <summary>
/// What the server was given to work with fails a request (a <c>NAME.k8s/</c> directory that no longer lints, changed
/// since the server checked it at start): the server's fault, 500 with the reason, never a 400 blaming the request.
/// </summary>
public sealed class ServerConfigurationException(string message) : Exception(message);
