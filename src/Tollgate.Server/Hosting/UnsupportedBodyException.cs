namespace Tollgate.Server.Hosting;

/// <summary>A request body the server does not read as sent (a <c>Content-Encoding</c> such as gzip): 415 with the fix.</summary>
public sealed class UnsupportedBodyException(string message) : Exception(message);
