using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Events;

/// <summary>
/// The fast path of <see cref="EventFile"/>: reads one NDJSON line holding a plain CDEvent with a single
/// <see cref="Utf8JsonReader"/> pass instead of a <see cref="JsonDocument"/>. It gives up (returns false) on anything
/// it does not read exactly as <see cref="CdEventReader"/> does: another kind of event, a duplicate or oddly typed
/// field, anything that would be an error. The document path then reads the line and words the error.
/// </summary>
internal static class CdEventLine
{
    /// <summary>True with the delivery event (null: a CDEvent that is no delivery fact) when the line is a plain CDEvent.</summary>
    public static bool TryRead(ReadOnlySpan<byte> line, out DeliveryEvent? e)
    {
        e = null;
        var fields = new CdEventFields();
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !CdEventScan.ReadRoot(ref reader, fields) || reader.Read())
            {
                return false;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            return false;
        }

        return fields.HasContext && fields.HasSubject && TryMap(fields, out e);
    }

    private static bool TryMap(CdEventFields f, out DeliveryEvent? e)
    {
        e = null;
        if (!f.HasSpecVersion || f.Id is not { Length: > 0 } id || f.Type is not { Length: > 0 } type || Time(f.Timestamp) is not { } at)
        {
            return false;
        }

        var name = CdEventReader.TypeName(type);
        switch (name)
        {
            case "service.deployed" or "service.upgraded" or "service.rolledback":
                var intent = f.Intent is { } text ? Intent(text) : name == "service.rolledback" ? DeployIntent.Rollback : DeployIntent.Planned;
                var result = f.Result is { } r ? Result(r) : DeployResult.Success;
                var version = f.Version is { Length: > 0 } named ? named : PackageUrl.Version(f.ArtifactId);
                if (intent is null || result is null || version is null || f.SubjectId is not { Length: > 0 } subject || Environment(f) is not { } environment
                    || Changes(f) is not { } changes)
                {
                    return false;
                }

                e = new DeployEvent(id, type, new Deploy(id, CdEventReader.ServiceName(subject), environment, version, intent.Value, at)
                {
                    FinishedAt = at,
                    Result = result.Value,
                    ArtifactId = f.ArtifactId,
                    Changes = changes,
                    Source = "cdevents",
                });
                return true;
            case "incident.detected" or "incident.reported":
                if (f.SubjectId is not { Length: > 0 } incident || Environment(f) is not { } where)
                {
                    return false;
                }

                e = new IncidentEvent(id, type, new Incident(incident, f.ServiceId is { } service ? CdEventReader.ServiceName(service) : "", where, at)
                {
                    CausedBy = f.CausedBy,
                    ArtifactId = f.ArtifactId,
                });
                return true;
            case "incident.resolved":
                if (f.SubjectId is not { Length: > 0 } resolved)
                {
                    return false;
                }

                e = new IncidentResolvedEvent(id, type, resolved, at);
                return true;
            case "change.merged":
                var change = f.CommitSha ?? f.CustomId ?? f.SubjectId;
                if (change is not { Length: > 0 } || (f.CommittedAt is not null && Time(f.CommittedAt) is null))
                {
                    return false;
                }

                e = new ChangeEvent(id, type, new Change(change, Time(f.CommittedAt) ?? at));
                return true;
            default:
                return true;
        }
    }

    private static DeployIntent? Intent(string text) => text.Trim().ToLowerInvariant() switch
    {
        "planned" => DeployIntent.Planned,
        "hotfix" => DeployIntent.Hotfix,
        "rollback" => DeployIntent.Rollback,
        _ => null,
    };

    private static DeployResult? Result(string text) => text.Trim().ToLowerInvariant() switch
    {
        "success" => DeployResult.Success,
        "failed" => DeployResult.Failed,
        _ => null,
    };

    private static string? Environment(CdEventFields f) => f.HasEnvironment && f.EnvironmentId is { Length: > 0 } id ? id : null;

    private static List<Change>? Changes(CdEventFields f)
    {
        var changes = new List<Change>(f.Changes.Count);
        foreach (var (id, committedAt, isText) in f.Changes)
        {
            if (isText)
            {
                changes.Add(new Change(id!, null));
                continue;
            }

            if (id is not { Length: > 0 } || (committedAt is not null && Time(committedAt) is null))
            {
                return null;
            }

            changes.Add(new Change(id, Time(committedAt)));
        }

        // An id given twice with two times goes to the document reader, which refuses it in words.
        var (once, conflict) = Change.Once(changes);
        return conflict is null ? [.. once] : null;
    }

    /// <summary>The time, or null for the document reader to refuse in words (not a time, or one naming no offset).</summary>
    private static DateTimeOffset? Time(string? text) =>
        text is not null && !Rfc3339.NamesNoOffset(text) && Rfc3339.TryParse(text, out var time)
            ? time
            : null;
}
