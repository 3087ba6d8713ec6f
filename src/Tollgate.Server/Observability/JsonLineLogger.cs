using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tollgate.Domain.Reports;

namespace Tollgate.Server.Observability;

/// <summary>
/// One JSON object per line, in the shape of ASP.NET Core's JSON console formatter (<c>EventId</c>, <c>LogLevel</c>,
/// <c>Category</c>, <c>Message</c>, <c>Exception</c> when there is one, and the message's fields as <c>State</c>),
/// written on the caller's thread into a reused buffer and handed to a <see cref="LineSink"/>.
/// </summary>
internal sealed class JsonLineLogger(string category, LineSink sink) : ILogger
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var w = t_writer ??= new Utf8JsonWriter(buffer, Options);
        w.Reset(buffer);
        w.WriteStartObject();
        w.WriteNumber("EventId", eventId.Id);
        w.WriteString("LogLevel", Name(logLevel));
        w.WriteString("Category", category);
        w.WriteString("Message", formatter(state, exception));
        if (exception is not null)
        {
            w.WriteString("Exception", exception.ToString());
        }

        if (state is IReadOnlyList<KeyValuePair<string, object?>> fields)
        {
            w.WriteStartObject("State");
            for (var i = 0; i < fields.Count; i++)
            {
                var (key, value) = fields[i];
                w.WritePropertyName(key);
                ReportJson.WriteValue(w, value); // the values a report's evidence may hold, encoded alike
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.Flush();
        buffer.Write("\n"u8);
        sink.Append(buffer.WrittenSpan);
        if (buffer.Capacity > 1 << 16)
        {
            t_buffer = null; // one huge message keeps no huge buffer
            t_writer = null;
        }
    }

    private static string Name(LogLevel level) => level switch
    {
        LogLevel.Trace => "Trace",
        LogLevel.Debug => "Debug",
        LogLevel.Information => "Information",
        LogLevel.Warning => "Warning",
        LogLevel.Error => "Error",
        LogLevel.Critical => "Critical",
        _ => level.ToString(),
    };
}
