using System.Text;
using System.Text.Json;

namespace Tollgate.Delivery.Events;

/// <summary>
/// The <see cref="Utf8JsonReader"/> pass of <see cref="CdEventLine"/>: collects the <see cref="CdEventFields"/> of one
/// CDEvent object, reading values as <c>Json.Text</c> does; false on a duplicate field or a shape only the document
/// reader words an error for.
/// </summary>
internal static class CdEventScan
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

    /// <summary>Reads the fields of the root object whose StartObject the reader is on.</summary>
    public static bool ReadRoot(ref Utf8JsonReader reader, CdEventFields f)
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
