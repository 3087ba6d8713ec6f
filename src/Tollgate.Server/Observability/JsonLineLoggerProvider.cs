using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tollgate.Server.Observability;

/// <summary>The server's logs as JSON lines on <paramref name="output"/> (standard output), written in batches by one thread.</summary>
internal sealed class JsonLineLoggerProvider(Stream output) : ILoggerProvider
{
    private readonly LineSink _sink = new(output);
    private readonly ConcurrentDictionary<string, JsonLineLogger> _loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, name => new JsonLineLogger(name, _sink));

    /// <summary>Writes every line still waiting.</summary>
    public void Dispose() => _sink.Dispose();
}
