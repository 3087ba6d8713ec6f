using System.Text;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Delivery.Events;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Tests.Events;

public sealed class EventFileTests
{
    private static ParsedEvents Parse(string text) => EventFile.Parse(Encoding.UTF8.GetBytes(text), "events.ndjson", TimeProvider.System);

    private const string Deployed =
        """{"context":{"specversion":"0.5.1","id":"d6","source":"/deployctl","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"2024-03-12T16:00:00Z"},"subject":{"id":"service/checkout","content":{"environment":{"id":"production"},"artifactId":"pkg:oci/checkout@sha256%3A9c1e?tag=v6"}},"customData":{"intent":"hotfix","changes":[{"id":"c8","committedAt":"2024-03-12T14:00:00Z"},"c9"]}}""";

    [Fact]
    public void Parse_ServiceDeployed_IsAFinishedDeployWithIntentChangesAndTagAsVersion()
    {
        var deploy = Parse(Deployed).Events.ShouldHaveSingleItem().ShouldBeOfType<DeployEvent>().Deploy;

        deploy.Id.ShouldBe("d6");
        deploy.Service.ShouldBe("checkout");
        deploy.Environment.ShouldBe("production");
        deploy.Version.ShouldBe("v6");
        deploy.Intent.ShouldBe(DeployIntent.Hotfix);
        deploy.Result.ShouldBe(DeployResult.Success);
        deploy.FinishedAt.ShouldBe(new DateTimeOffset(2024, 3, 12, 16, 0, 0, TimeSpan.Zero));
        deploy.ArtifactId.ShouldBe("pkg:oci/checkout@sha256%3A9c1e?tag=v6");
        deploy.Changes.ShouldBe([new Change("c8", new DateTimeOffset(2024, 3, 12, 14, 0, 0, TimeSpan.Zero)), new Change("c9", null)]);
    }

    [Fact]
    public void Parse_EventAheadOfTheClock_RefusedNamingTheLineAndTheTime()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 3, 12, 15, 0, 0, TimeSpan.Zero)); // an hour before Deployed's 16:00
        var earlier = Deployed.Replace("\"d6\"", "\"d5\"", StringComparison.Ordinal).Replace("16:00:00Z", "14:30:00Z", StringComparison.Ordinal);

        var error = Should.Throw<InvalidInputException>(() => EventFile.Parse(Encoding.UTF8.GetBytes(earlier + "\n" + Deployed + "\n"), "events.ndjson", clock));

        error.Message.ShouldBe("events.ndjson:2: the event time 2024-03-12T16:00:00Z is in the future (now is 2024-03-12T15:00:00Z, 5 minutes of clock skew allowed): events record what already happened");
    }

    [Theory]
    [InlineData(5, true)] // another machine's clock a little fast: within the allowance
    [InlineData(6, false)]
    public void Parse_EventMinutesAhead_AcceptedWithinTheClockSkew(int minutesAhead, bool accepted)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 3, 12, 16, 0, 0, TimeSpan.Zero).AddMinutes(-minutesAhead));
        var bytes = Encoding.UTF8.GetBytes("[" + Deployed + "]");

        if (accepted)
        {
            EventFile.Parse(bytes, "events.json", clock).Events.ShouldHaveSingleItem();
        }
        else
        {
            Should.Throw<InvalidInputException>(() => EventFile.Parse(bytes, "events.json", clock)).Message.ShouldStartWith("events.json[0]: the event time 2024-03-12T16:00:00Z is in the future");
        }
    }

    [Fact]
    public void Parse_CommitTimeAheadOfTheClock_RefusedNamingTheChange()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 3, 12, 17, 0, 0, TimeSpan.Zero));
        var line = Deployed.Replace("2024-03-12T14:00:00Z", "2034-03-12T14:00:00Z", StringComparison.Ordinal);

        var error = Should.Throw<InvalidInputException>(() => EventFile.Parse(Encoding.UTF8.GetBytes(line), "events.ndjson", clock));

        error.Message.ShouldStartWith("events.ndjson:1: the commit time of c8 2034-03-12T14:00:00Z is in the future (now is 2024-03-12T17:00:00Z");
    }

    [Fact]
    public void Parse_ChangeWithTwoCommitTimes_RefusedAsDeployStartRefusesIt_SameTwiceCountsOnce()
    {
        // One was kept unsaid, whichever came first: lead time depended on the order in the file.
        var twoTimes = Deployed.Replace("\"c9\"", "{\"id\":\"c8\",\"committedAt\":\"2024-03-12T13:00:00Z\"}", StringComparison.Ordinal);
        var twice = Deployed.Replace("\"c9\"", "{\"id\":\"c8\",\"committedAt\":\"2024-03-12T14:00:00Z\"},\"c9\"", StringComparison.Ordinal);

        var error = Should.Throw<InvalidInputException>(() => Parse(twoTimes));
        var deploy = Parse(twice).Events.ShouldHaveSingleItem().ShouldBeOfType<DeployEvent>().Deploy;

        error.Message.ShouldBe("events.ndjson:1: customData.changes names c8 twice with different commit times (2024-03-12T14:00:00Z and 2024-03-12T13:00:00Z)");
        deploy.Changes.ShouldBe([new Change("c8", new DateTimeOffset(2024, 3, 12, 14, 0, 0, TimeSpan.Zero)), new Change("c9", null)]);
    }

    [Fact]
    public void Parse_RolledBackWithOldVersionKeyAndNoIntent_IsARollback()
    {
        const string line = """{"context":{"version":"0.4.1","id":"d7","source":"/x","type":"dev.cdevents.service.rolledback.0.2.0","timestamp":"2024-03-12T16:50:00Z"},"subject":{"id":"checkout","type":"service","content":{"environment":{"id":"production"},"artifactId":"pkg:generic/checkout@v5"}}}""";

        var deploy = Parse(line).Events.ShouldHaveSingleItem().ShouldBeOfType<DeployEvent>().Deploy;

        deploy.Intent.ShouldBe(DeployIntent.Rollback);
        deploy.Version.ShouldBe("v5");
    }

    [Fact]
    public void Parse_IncidentWithCausedByLink_NamesTheDeployEvent()
    {
        const string line = """{"context":{"specversion":"0.5.1","id":"a41d","source":"/x","type":"dev.cdevents.incident.detected.0.3.0","timestamp":"2024-03-12T16:20:00Z","links":[{"linkType":"RELATION","linkKind":"CAUSED_BY","target":{"contextId":"d6"}}]},"subject":{"id":"incident/checkout/I2","content":{"environment":{"id":"production"},"service":{"id":"service/checkout"},"artifactId":"pkg:oci/checkout@sha256%3A9c1e"}}}""";

        var incident = Parse(line).Events.ShouldHaveSingleItem().ShouldBeOfType<IncidentEvent>().Incident;

        incident.Id.ShouldBe("incident/checkout/I2");
        incident.Service.ShouldBe("checkout");
        incident.CausedBy.ShouldBe("d6");
        incident.ArtifactId.ShouldBe("pkg:oci/checkout@sha256%3A9c1e");
    }

    [Fact]
    public void Parse_JsonArrayWithOtherCdEventTypes_CountsThemAsIgnored()
    {
        var text = "[" + Deployed + """,{"context":{"specversion":"0.5.1","id":"p1","source":"/ci","type":"dev.cdevents.pipelinerun.finished.0.2.0","timestamp":"2024-03-12T16:00:00Z"},"subject":{"id":"run/1","content":{}}}]""";

        var parsed = Parse(text);

        parsed.Events.Count.ShouldBe(1);
        parsed.Ignored.ShouldBe(1);
    }

    [Fact]
    public void Parse_CloudEventCarryingACdEvent_IsDecodedThroughTheSdk()
    {
        var envelope = """{"specversion":"1.0","id":"d6","source":"/deployctl","type":"dev.cdevents.service.deployed.0.3.0","datacontenttype":"application/json","data":""" + Deployed + "}";

        Parse(envelope).Events.ShouldHaveSingleItem().ShouldBeOfType<DeployEvent>().Deploy.Version.ShouldBe("v6");
    }

    [Fact]
    public void Parse_CloudEventWithoutSource_IsRejectedWithItsLine()
    {
        var envelope = "\n" + """{"specversion":"1.0","id":"x","type":"t","data":{}}""";

        var message = Should.Throw<InvalidInputException>(() => Parse(envelope)).Message;

        message.ShouldStartWith("events.ndjson:2: not a valid CloudEvent");
        message.ShouldEndWith("source"); // no "(Parameter 'data')", nor its trimmed Native AOT form
    }

    [Fact]
    public void Parse_GitHubDeploymentStatusSuccess_IsADeployAndItsOutcome()
    {
        const string payload = """{"action":"created","deployment_status":{"id":42,"state":"success","created_at":"2024-03-12T16:05:00Z"},"deployment":{"id":7,"sha":"abc123","ref":"v6","environment":"production","created_at":"2024-03-12T16:00:00Z","payload":{"intent":"planned"}},"repository":{"name":"checkout","full_name":"shop/checkout"}}""";

        var events = Parse(payload).Events;

        events[0].ShouldBeOfType<DeployEvent>().Carried.ShouldBeTrue("the status' deployment counts with the status, not as an event of its own");
        var deploy = ((DeployEvent)events[0]).Deploy;
        deploy.Id.ShouldBe("github:deployment:7");
        deploy.Service.ShouldBe("checkout");
        deploy.Version.ShouldBe("v6");
        deploy.Result.ShouldBe(DeployResult.Running);
        deploy.Changes.ShouldBe([new Change("abc123", null)]);
        var status = events[1].ShouldBeOfType<DeployStatusEvent>();
        status.EventId.ShouldBe("github:deployment_status:42");
        status.DeployId.ShouldBe("github:deployment:7");
        status.Result.ShouldBe(DeployResult.Success);
    }

    [Fact]
    public void Parse_GitHubPendingStatus_RecordsTheDeployOnly()
    {
        const string payload = """{"action":"created","deployment_status":{"id":41,"state":"in_progress","created_at":"2024-03-12T16:01:00Z"},"deployment":{"id":7,"sha":"abc123","ref":"v6","environment":"production","created_at":"2024-03-12T16:00:00Z"},"repository":{"name":"checkout"}}""";

        Parse(payload).Events.ShouldHaveSingleItem().ShouldBeOfType<DeployEvent>().Carried.ShouldBeFalse("the line's one event");
    }

    [Theory]
    [InlineData("{not json", "events.ndjson:1: not JSON")]
    [InlineData("""{"context":{"id":"x","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"2024-03-12T16:00:00Z"},"subject":{"id":"s"}}""", "events.ndjson:1: the CDEvent context has neither specversion nor version")]
    [InlineData("""{"context":{"specversion":"0.5.1","id":"x","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"2024-03-12T16:00:00Z"},"subject":{"id":"s","content":{"artifactId":"pkg:oci/s@v1"}}}""", "events.ndjson:1: missing subject.content.environment")]
    [InlineData("""{"context":{"specversion":"0.5.1","id":"x","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"yesterday"},"subject":{"id":"s"}}""", "events.ndjson:1: timestamp 'yesterday' is not an RFC 3339 time")]
    [InlineData("""{"hello":"world"}""", "events.ndjson:1: neither a CDEvent")]
    [InlineData("""{"context":{"specversion":"0.5.1","id":"x","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"12/03/2024 14:00"},"subject":{"id":"s","content":{"environment":{"id":"p"}}},"customData":{"version":"v1"}}""", "events.ndjson:1: timestamp '12/03/2024 14:00' is not an RFC 3339 time (2026-01-10T10:00:00Z)")]
    [InlineData("""{"context":{"specversion":"0.5.1","id":"x","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"March 12 2024"},"subject":{"id":"s","content":{"environment":{"id":"p"}}},"customData":{"version":"v1"}}""", "events.ndjson:1: timestamp 'March 12 2024' is not an RFC 3339 time")]
    [InlineData("""{"context":{"specversion":"0.5.1","id":"x","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"2024-03-12T14:00:00Z"},"subject":{"id":"s","content":{"environment":{"id":"p"}}},"customData":{"version":"v1","result":"failure"}}""", "events.ndjson:1: customData.result: unknown deploy result 'failure': expected success or failed")]
    [InlineData("""{"context":{"specversion":"0.5.1","id":"x","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"2024-03-12T14:00:00Z"},"subject":{"id":"s","content":{"environment":{"id":"p"}}},"customData":{"version":"v1","result":"running"}}""", "events.ndjson:1: customData.result 'running': the event says the deploy is over: expected success or failed")]
    [InlineData("""{"context":{"specversion":"0.5.1","id":"x","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"2024-03-12T14:00:00Z"},"subject":{"id":"s","content":{"environment":{"id":"p"}}},"customData":{"version":"v1","intent":"emergency"}}""", "events.ndjson:1: customData.intent: unknown deploy intent 'emergency': expected planned, hotfix or rollback")]
    [InlineData("""{"context":{"specversion":"0.5.1","id":"x","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"2024-03-12T14:00:00Z"},"subject":{"id":"s","content":{"environment":{"id":"p"}}},"customData":{"version":""}}""", "events.ndjson:1: no version")]
    [InlineData("""{"context":{"specversion":"0.5.1","id":"x","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"2024-03-10T02:30:00"},"subject":{"id":"s","content":{"environment":{"id":"p"}}},"customData":{"version":"v1"}}""", "events.ndjson:1: timestamp '2024-03-10T02:30:00' names no offset: event times are RFC 3339 with Z or an offset such as +01:00")]
    [InlineData("""{"context":{"specversion":"0.5.1","id":"x","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"2024-03-12T14:00:00Z"},"subject":{"id":"s","content":{"environment":{"id":"p"}}},"customData":{"version":"v1","changes":[{"id":"a1","committedAt":"2024-03-12 12:00"}]}}""", "events.ndjson:1: committedAt '2024-03-12 12:00' names no offset")]
    public void Parse_BadEvent_IsAnErrorNamingTheLine(string line, string message)
    {
        Should.Throw<InvalidInputException>(() => Parse(line)).Message.ShouldStartWith(message);
    }

    [Theory]
    [InlineData("2024-03-12T14:00:00.123456789Z", "2024-03-12T14:00:00.1234567Z")] // Go's RFC3339Nano
    [InlineData("2024-03-12T16:00:00+02:00", "2024-03-12T14:00:00Z")]
    [InlineData("2024-03-12t14:00:00z", "2024-03-12T14:00:00Z")]
    public void Parse_Rfc3339Timestamps_ReadInUtc(string timestamp, string utc)
    {
        var line = Deployed.Replace("2024-03-12T16:00:00Z", timestamp, StringComparison.Ordinal);

        var deploy = Parse(line).Events.ShouldHaveSingleItem().ShouldBeOfType<DeployEvent>().Deploy;

        deploy.FinishedAt.ShouldBe(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Read_WorkedExampleFile_HasElevenDeliveryEvents()
    {
        var parsed = EventFile.Read(Path.Combine(AppContext.BaseDirectory, "Examples", "worked-example.ndjson"), TimeProvider.System);

        parsed.Events.Count.ShouldBe(11);
        parsed.Events.OfType<DeployEvent>().Count().ShouldBe(7);
        parsed.Events.OfType<IncidentResolvedEvent>().Select(e => e.IncidentId).ShouldBe(["incident/checkout/I1", "incident/checkout/I2"]);
    }
}
