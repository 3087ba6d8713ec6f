using System.Text;
using CsCheck;
using Tollgate.Delivery.Events;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Tests.Events;

/// <summary>
/// The one-pass line reader gives exactly what the document reader gives: NDJSON lines (fast path when plain) are
/// compared with the same objects as one JSON array (always the document path), events and errors alike.
/// </summary>
public sealed class CdEventLineTests
{
    private static readonly string[] Types =
    [
        "dev.cdevents.service.deployed.0.3.0", "dev.cdevents.service.upgraded.0.2.0", "dev.cdevents.service.rolledback.0.3.0",
        "dev.cdevents.incident.detected.0.2.0", "dev.cdevents.incident.reported.0.2.0", "dev.cdevents.incident.resolved.0.2.0",
        "dev.cdevents.change.merged.0.2.0", "dev.cdevents.pipelinerun.queued.0.2.0", "com.example.deployed",
    ];

    private static readonly string[] Times = ["\"2025-03-04T17:00:00Z\"", "\"2025-03-04T19:00:00+02:00\"", "\"2025-03-04 17:00\"", "\"yesterday\"", "17", "null", "\"03/04/2025 17:00\"", "\"2025-03-04T17:00:00.123456789Z\""];

    private static readonly string[] Texts = ["\"checkout\"", "\"service/checkout\"", "\"\"", "42", "null", "true", "{\"id\":\"x\"}", "\"A\\u0042c\"", "\"running\"", "\"FAILED\""];

    private static readonly string[] ChangeLists =
    [
        "[]", "[\"abc\"]", "[{\"id\":\"c1\",\"committedAt\":\"2025-03-04T09:00:00Z\"}]", "[{\"id\":\"c1\"},{\"id\":\"c2\",\"committedAt\":\"2025-03-04T09:00:00Z\"}]",
        "[{\"committedAt\":\"2025-03-04T09:00:00Z\"}]", "[{\"id\":\"c1\",\"committedAt\":\"soon\"}]", "[3]", "{}", "\"c1\"",
    ];

    /// <summary>One CDEvent line built from choices, some of them wrong on purpose.</summary>
    private static readonly Gen<string> Line =
        Gen.Select(Gen.Int[0, Types.Length - 1], Gen.Int[0, Times.Length - 1], Gen.Int[0, Texts.Length - 1], Gen.Int[0, Texts.Length - 1], Gen.Int[0, ChangeLists.Length - 1], Gen.Int[0, 63])
            .Select((type, time, subject, custom, changes, flags) =>
            {
                var context = new StringBuilder($"\"id\":\"e{flags}\",\"type\":\"{Types[type]}\",\"timestamp\":{Times[time]}");
                context.Append((flags & 1) == 0 ? ",\"specversion\":\"0.5.1\"" : (flags & 2) == 0 ? ",\"version\":\"0.4\"" : "");
                if ((flags & 4) != 0)
                {
                    context.Append(",\"links\":[{\"linkKind\":\"caused_by\",\"target\":{\"contextId\":\"d1\"}},{\"linkKind\":\"RELATION\"}]");
                }

                var content = (flags & 8) == 0 ? $"\"environment\":{{\"id\":{Texts[subject]}}},\"artifactId\":\"pkg:oci/checkout@v1?tag=v1.2\"" : "\"service\":{\"id\":\"service/api\"}";
                var customData = (flags & 16) == 0
                    ? $"{((flags & 32) == 0 ? "\"intent\":\"hotfix\"" : $"\"intent\":{Texts[custom]},\"result\":{Texts[custom]}")},\"version\":{Texts[custom]},\"changes\":{ChangeLists[changes]},\"commitSha\":{Texts[custom]}"
                    : "\"result\":\"Failed\",\"committedAt\":\"2025-03-04T09:00:00Z\"";
                var duplicate = flags % 7 == 0 ? ",\"id\":\"again\"" : "";
                return $"{{\"context\":{{{context}{duplicate}}},\"subject\":{{\"id\":{Texts[subject]},\"content\":{{{content}}}}},\"customData\":{{{customData}}}}}";
            });

    [Fact]
    public void Parse_RandomCdEventLines_FastPathEqualsDocumentPath()
    {
        Line.Array[1, 4].Sample(lines =>
        {
            var ndjson = Outcome(string.Join("\n", lines), ":", lines.Length);
            var array = Outcome("[" + string.Join(",", lines) + "]", "[", lines.Length);
            ndjson.ShouldBe(array);
        }, iter: 3000);
    }

    [Fact]
    public void TryRead_PlainDeploy_TakesTheFastPath()
    {
        var line = """{"context":{"specversion":"0.5.1","id":"d1","type":"dev.cdevents.service.deployed.0.3.0","timestamp":"2025-01-01T00:00:00Z"},"subject":{"id":"service/svc1","content":{"environment":{"id":"production"},"artifactId":"pkg:oci/svc1@v1"}},"customData":{"intent":"planned","changes":[{"id":"c1","committedAt":"2024-12-31T20:00:00Z"}]}}"""u8;

        CdEventLine.TryRead(line, out var e).ShouldBeTrue();

        var deploy = e.ShouldBeOfType<DeployEvent>().Deploy;
        deploy.Service.ShouldBe("svc1");
        deploy.Version.ShouldBe("v1");
        deploy.Changes.ShouldHaveSingleItem().CommittedAt.ShouldBe(new DateTimeOffset(2024, 12, 31, 20, 0, 0, TimeSpan.Zero));
    }

    /// <summary>The events as text, or the error with its location (line or index) taken out.</summary>
    private static string Outcome(string text, string marker, int count)
    {
        try
        {
            var parsed = EventFile.Parse(Encoding.UTF8.GetBytes(text), "f", TimeProvider.System);
            return $"ignored {parsed.Ignored}\n" + string.Join("\n", parsed.Events.Select(Describe));
        }
        catch (InvalidInputException e)
        {
            var message = e.Message;
            for (var i = count; i >= 1; i--)
            {
                message = message.Replace(marker == ":" ? $"f:{i}" : $"f[{i - 1}]", "f@", StringComparison.Ordinal);
            }

            return "error " + message;
        }
    }

    private static string Describe(DeliveryEvent e) => e switch
    {
        DeployEvent d => $"{d} {d.Deploy} [{string.Join(";", d.Deploy.Changes)}]",
        IncidentEvent i => $"{i} {i.Incident}",
        _ => e.ToString(),
    };
}
