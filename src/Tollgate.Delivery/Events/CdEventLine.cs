using System.Globalization;
using System.Text;
using System.Text.Json;
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
    private static readonly byte[][] RootNames = ["context"u8.ToArray(), "subject"u8.ToArray(), "customData"u8.ToArray()];
    private static readonly byte[][] ContextNames = ["specversion"u8.ToArray(), "version"u8.ToArray(), "id"u8.ToArray(), "type"u8.ToArray(), "timestamp"u8.ToArray(), "links"u8.ToArray()];
    private static readonly byte[][] LinkNames = ["linkKind"u8.ToArray(), "target"u8.ToArray()];
    private static readonly byte[][] TargetNames = ["contextId"u8.ToArray()];
    private static readonly byte[][] SubjectNames = ["id"u8.ToArray(), "content"u8.ToArray()];
    private static readonly byte[][] ContentNames = ["environment"u8.ToArray(), "artifactId"u8.ToArray(), "service"u8.ToArray()];
    private static readonly byte[][] IdNames = ["id"u8.ToArray()];
    private static readonly byte[][] CustomNames = ["intent"u8.ToArray(), "version"u8.ToArray(), "result"u8.ToArray(), "commitSha"u8.ToArray(), "id"u8.ToArray(), "committedAt"u8.ToArray(), "changes"u8.ToArray()];
    private static readonly byte[][] ChangeNames = ["id"u8.ToArray(), "committedAt"u8.ToArray()];

    /// <summary>True with the delivery event (null: a CDEvent that is no delivery fact) when the line is a plain CDEvent.</summary>
    public static bool TryRead(ReadOnlySpan<byte> line, out DeliveryEvent? e)
    {
        e = null;
        var fields = new CdEventFields();
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !ReadRoot(ref reader, fields) || reader.Read())
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
                var version = f.Version ?? Purl.Version(f.ArtifactId);
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
        "running" => DeployResult.Running,
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

        return changes;
    }

    private static DateTimeOffset? Time(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    private static bool ReadRoot(ref Utf8JsonReader reader, CdEventFields f)
    {
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Once(ref reader, ref seen, RootNames);
            reader.Read();
            switch (name)
            {
                case 0 when reader.TokenType == JsonTokenType.StartObject:
                    f.HasContext = true;
                    if (!ReadContext(ref reader, f))
                    {
                        return false;
                    }

                    break;
                case 1 when reader.TokenType == JsonTokenType.StartObject:
                    f.HasSubject = true;
                    if (!ReadSubject(ref reader, f))
                    {
                        return false;
                    }

                    break;
                case 2 when reader.TokenType == JsonTokenType.StartObject:
                    if (!ReadCustom(ref reader, f))
                    {
                        return false;
                    }

                    break;
                case < 0 when name == -2:
                    return false;
                default:
                    reader.Skip();
                    break;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }

    private static bool ReadContext(ref Utf8JsonReader reader, CdEventFields f)
    {
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Once(ref reader, ref seen, ContextNames);
            reader.Read();
            switch (name)
            {
                case 0 or 1:
                    f.HasSpecVersion |= Text(ref reader) is not null;
                    break;
                case 2:
                    f.Id = Text(ref reader);
                    break;
                case 3:
                    f.Type = Text(ref reader);
                    break;
                case 4:
                    f.Timestamp = Text(ref reader);
                    break;
                case 5 when reader.TokenType == JsonTokenType.StartArray:
                    if (!ReadLinks(ref reader, f))
                    {
                        return false;
                    }

                    break;
                case -2:
                    return false;
                default:
                    reader.Skip();
                    break;
            }
        }

        return true;
    }

    private static bool ReadLinks(ref Utf8JsonReader reader, CdEventFields f)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            string? kind = null, target = null;
            var seen = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = Once(ref reader, ref seen, LinkNames);
                reader.Read();
                switch (name)
                {
                    case 0:
                        kind = Text(ref reader);
                        break;
                    case 1 when reader.TokenType == JsonTokenType.StartObject:
                        var inner = 0;
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            var field = Once(ref reader, ref inner, TargetNames);
                            reader.Read();
                            if (field == -2)
                            {
                                return false;
                            }

                            if (field == 0)
                            {
                                target = Text(ref reader);
                            }
                            else
                            {
                                reader.Skip();
                            }
                        }

                        break;
                    case -2:
                        return false;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (f.CausedBy is null && target is not null && string.Equals(kind, "CAUSED_BY", StringComparison.OrdinalIgnoreCase))
            {
                f.CausedBy = target;
            }
        }

        return true;
    }

    private static bool ReadSubject(ref Utf8JsonReader reader, CdEventFields f)
    {
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Once(ref reader, ref seen, SubjectNames);
            reader.Read();
            switch (name)
            {
                case 0:
                    f.SubjectId = Text(ref reader);
                    break;
                case 1 when reader.TokenType == JsonTokenType.StartObject:
                    if (!ReadContent(ref reader, f))
                    {
                        return false;
                    }

                    break;
                case -2:
                    return false;
                default:
                    reader.Skip();
                    break;
            }
        }

        return true;
    }

    private static bool ReadContent(ref Utf8JsonReader reader, CdEventFields f)
    {
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Once(ref reader, ref seen, ContentNames);
            reader.Read();
            switch (name)
            {
                case 0 when reader.TokenType == JsonTokenType.StartObject:
                    f.HasEnvironment = true;
                    if (IdOf(ref reader) is not (true, var environment))
                    {
                        return false;
                    }

                    f.EnvironmentId = environment;
                    break;
                case 1:
                    f.ArtifactId = Text(ref reader);
                    break;
                case 2 when reader.TokenType == JsonTokenType.StartObject:
                    if (IdOf(ref reader) is not (true, var service))
                    {
                        return false;
                    }

                    f.ServiceId = service;
                    break;
                case -2:
                    return false;
                default:
                    reader.Skip();
                    break;
            }
        }

        return true;
    }

    /// <summary>The <c>id</c> of an object; false on a duplicate.</summary>
    private static (bool Ok, string? Id) IdOf(ref Utf8JsonReader reader)
    {
        string? id = null;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Once(ref reader, ref seen, IdNames);
            reader.Read();
            if (name == -2)
            {
                return (false, null);
            }

            if (name == 0)
            {
                id = Text(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return (true, id);
    }

    private static bool ReadCustom(ref Utf8JsonReader reader, CdEventFields f)
    {
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Once(ref reader, ref seen, CustomNames);
            reader.Read();
            switch (name)
            {
                case 0:
                    f.Intent = Text(ref reader);
                    break;
                case 1:
                    f.Version = Text(ref reader);
                    break;
                case 2:
                    f.Result = Text(ref reader);
                    break;
                case 3:
                    f.CommitSha = Text(ref reader);
                    break;
                case 4:
                    f.CustomId = Text(ref reader);
                    break;
                case 5:
                    f.CommittedAt = Text(ref reader);
                    break;
                case 6 when reader.TokenType == JsonTokenType.StartArray:
                    if (!ReadChanges(ref reader, f))
                    {
                        return false;
                    }

                    break;
                case 6 or -2:
                    return false; // changes that are not an array: the document path words the error
                default:
                    reader.Skip();
                    break;
            }
        }

        return true;
    }

    private static bool ReadChanges(ref Utf8JsonReader reader, CdEventFields f)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                f.Changes.Add((reader.GetString(), null, true));
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            string? id = null, committedAt = null;
            var seen = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = Once(ref reader, ref seen, ChangeNames);
                reader.Read();
                switch (name)
                {
                    case 0:
                        id = Text(ref reader);
                        break;
                    case 1:
                        committedAt = Text(ref reader);
                        break;
                    case -2:
                        return false;
                    default:
                        reader.Skip();
                        break;
                }
            }

            f.Changes.Add((id, committedAt, false));
        }

        return true;
    }

    /// <summary>
    /// The index of the current property name among <paramref name="names"/>, -1 for another name, -2 for one already
    /// seen in this object (a duplicate: which one a document keeps is the document path's business).
    /// </summary>
    private static int Once(ref Utf8JsonReader reader, ref int seen, byte[][] names)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (reader.ValueTextEquals(names[i]))
            {
                var bit = 1 << i;
                if ((seen & bit) != 0)
                {
                    return -2;
                }

                seen |= bit;
                return i;
            }
        }

        return -1;
    }

    /// <summary>What <c>Json.Text</c> gives: a string's value, a number's text, null for anything else (skipped).</summary>
    private static string? Text(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return Encoding.UTF8.GetString(reader.ValueSpan);
            default:
                reader.Skip();
                return null;
        }
    }
}
