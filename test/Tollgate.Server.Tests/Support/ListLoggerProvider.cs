using Microsoft.Extensions.Logging;

namespace Tollgate.Server.Tests.Support;

/// <summary>
/// Collects the server's log lines (category and message) for tests that check what it logs; with
/// <paramref name="everyCategory"/> also ASP.NET Core's and the host's, at every level, with the exception's type.
/// </summary>
public sealed class ListLoggerProvider(List<string> lines, bool everyCategory = false) : ILoggerProvider
{
    public List<string> Lines => lines;

    public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, lines, everyCategory);

    public void Dispose()
    {
    }

    private sealed class ListLogger(string category, List<string> lines, bool everyCategory) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            everyCategory ? logLevel != LogLevel.None : logLevel >= LogLevel.Information && category.StartsWith("tollgate", StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lock (lines)
                {
                    lines.Add($"{category} {formatter(state, exception)}{(exception is null ? "" : " " + exception.GetType().Name)}");
                }
            }
        }
    }
}
