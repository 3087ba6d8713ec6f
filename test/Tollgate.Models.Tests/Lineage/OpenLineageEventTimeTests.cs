using Tollgate.Domain.Registry;
using Tollgate.Models.Lineage;

namespace Tollgate.Models.Tests.Lineage;

/// <summary>
/// The RunEvent's <c>eventTime</c>, which OpenLineage requires: the registration's time, or, when that is unknown (an
/// MLflow version without <c>creation_timestamp</c>), the time the event is written, never 1970.
/// </summary>
public sealed class OpenLineageEventTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The START's and the COMPLETE's event time, which are one: when training started is not known.</summary>
    private static string EventTime(DateTimeOffset? registered)
    {
        var version = new ModelVersion("churn", "3", "uri:s3://b/churn/3", registered) { Source = "mlflow" };
        var events = OpenLineageLines.Of(OpenLineageEvent.Write(version, Path.GetTempPath(), Now));
        events.Length.ShouldBe(2);
        return events.Select(e => e.RootElement.GetProperty("eventTime").GetString()!).Distinct().ShouldHaveSingleItem();
    }

    [Fact]
    public void Write_RegistrationTimeUnknown_EventTimeIsWhenWrittenNot1970()
    {
        EventTime(null).ShouldBe("2026-11-26T12:00:00.000Z");
    }

    [Fact]
    public void Write_RegistrationTimeKnown_EventTimeIsIt()
    {
        EventTime(new DateTimeOffset(2023, 11, 14, 22, 13, 20, TimeSpan.Zero)).ShouldBe("2023-11-14T22:13:20.000Z");
        EventTime(DateTimeOffset.UnixEpoch).ShouldBe("1970-01-01T00:00:00.000Z"); // really sent as 0: as given
    }
}
