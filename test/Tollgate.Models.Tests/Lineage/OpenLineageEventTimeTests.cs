using Tollgate.Domain.Registry;
using Tollgate.Models.Lineage;

namespace Tollgate.Models.Tests.Lineage;

/// <summary>
/// The RunEvents' <c>eventTime</c>, which OpenLineage requires: the COMPLETE's the registration's time, or, when that is
/// unknown (an MLflow version without <c>creation_timestamp</c>), the time the event is written, never 1970; the START's
/// one millisecond earlier, so the run's transitions are ordered by time.
/// </summary>
public sealed class OpenLineageEventTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The START's and the COMPLETE's event times, in that order.</summary>
    private static string[] EventTimes(DateTimeOffset? registered)
    {
        var version = new ModelVersion("churn", "3", "uri:s3://b/churn/3", registered) { Source = "mlflow" };
        var events = OpenLineageLines.Of(OpenLineageEvent.Write(version, Path.GetTempPath(), Now));
        events.Select(e => e.RootElement.GetProperty("eventType").GetString()).ShouldBe(["START", "COMPLETE"]);
        return [.. events.Select(e => e.RootElement.GetProperty("eventTime").GetString()!)];
    }

    [Fact]
    public void Write_RegistrationTimeUnknown_EventTimeIsWhenWrittenNot1970()
    {
        EventTimes(null).ShouldBe(["2026-11-26T11:59:59.999Z", "2026-11-26T12:00:00.000Z"]);
    }

    [Fact]
    public void Write_RegistrationTimeKnown_CompleteIsItAndStartOneMillisecondBefore()
    {
        // Before: both events had the registration's time, and a consumer ordering a run's transitions by time could not tell which came first.
        EventTimes(new DateTimeOffset(2023, 11, 14, 22, 13, 20, TimeSpan.Zero)).ShouldBe(["2023-11-14T22:13:19.999Z", "2023-11-14T22:13:20.000Z"]);
        EventTimes(DateTimeOffset.UnixEpoch).ShouldBe(["1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00.000Z"]); // really sent as 0: as given
    }
}
