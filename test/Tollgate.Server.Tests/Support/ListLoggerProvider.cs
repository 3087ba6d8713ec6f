using Microsoft.Extensions.Logging;

namespace Tollgate.Server.Tests.Support;

/// <summary>Collects the server's log lines (category and message) for tests that check what it logs.</summary>
public sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
{
    public List<string> Lines => lines;

    public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class ListLogger(string category, List<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && category.StartsWith("tollgate", StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lock (lines)
                {
                    lines.Add($"{category} {formatter(state, exception)}");
                }
            }
        }
    }
}
