using System.Text.Json;

namespace Tollgate.Models.Tests.Lineage;

/// <summary>The RunEvents <c>register --openlineage</c> wrote, one JSON object a line, in order.</summary>
internal static class OpenLineageLines
{
    public static JsonDocument[] Of(byte[] written) =>
        [.. System.Text.Encoding.UTF8.GetString(written).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line))];

    public static JsonDocument[] Read(string path) => Of(File.ReadAllBytes(path));

    /// <summary>The run's COMPLETE event: the last line, which must say so.</summary>
    public static JsonDocument Complete(string path)
    {
        var events = Read(path);
        events[^1].RootElement.GetProperty("eventType").GetString().ShouldBe("COMPLETE");
        return events[^1];
    }
}
