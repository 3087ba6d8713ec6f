using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Events;

/// <summary>
/// Maps one CDEvent (https://cdevents.dev, spec v0.5.1; <c>version</c> of 0.4 and earlier accepted as well as
/// <c>specversion</c>) to a delivery event: service deployed / upgraded / rolled back, incident detected / reported /
/// resolved, change merged. Other CDEvent types are not delivery facts and map to null.
/// From <c>customData</c>: <c>intent</c> (planned, hotfix, rollback), <c>changes</c> (<c>[{"id", "committedAt"}]</c>),
/// <c>version</c>, <c>result</c>, and for a merged change <c>committedAt</c>.
/// </summary>
public static class CdEventReader
{
    public static bool IsCdEvent(JsonElement root) => Json.Object(root, "context") is not null && Json.Object(root, "subject") is not null;

    public static DeliveryEvent? Read(JsonElement root, string where)
    {
        var context = Json.Object(root, "context")!.Value;
        var subject = Json.Object(root, "subject")!.Value;
        if (Json.Text(context, "specversion") is null && Json.Text(context, "version") is null)
        {
            throw new InvalidInputException($"{where}: the CDEvent context has neither specversion nor version");
        }

        var id = Json.RequiredText(context, "id", where);
        var type = Json.RequiredText(context, "type", where);
        var at = Json.RequiredTime(context, "timestamp", where);
        var content = Json.Object(subject, "content") ?? default;
        var custom = Json.Object(root, "customData") ?? default;
        var name = TypeName(type);
        switch (name)
        {
            case "service.deployed" or "service.upgraded" or "service.rolledback":
                return new DeployEvent(id, type, ReadDeploy(id, name, at, subject, content, custom, where));
            case "incident.detected" or "incident.reported":
                return new IncidentEvent(id, type, new Incident(Json.RequiredText(subject, "id", where), ServiceOf(content), Environment(content, where), at)
                {
                    CausedBy = CausedBy(context),
                    ArtifactId = Json.Text(content, "artifactId"),
                });
            case "incident.resolved":
                return new IncidentResolvedEvent(id, type, Json.RequiredText(subject, "id", where), at);
            case "change.merged":
                var change = Json.Text(custom, "commitSha") ?? Json.Text(custom, "id") ?? Json.RequiredText(subject, "id", where);
                return new ChangeEvent(id, type, new Change(change, Json.Time(custom, "committedAt", where) ?? at));
            default:
                return null;
        }
    }

    /// <summary><c>dev.cdevents.service.deployed.0.3.0</c> → <c>service.deployed</c>; custom and unknown types → "".</summary>
    internal static string TypeName(string type)
    {
        const string prefix = "dev.cdevents.";
        if (!type.StartsWith(prefix, StringComparison.Ordinal))
        {
            return "";
        }

        var parts = type[prefix.Length..].Split('.');
        return parts.Length >= 2 ? parts[0] + "." + parts[1] : "";
    }

    private static Deploy ReadDeploy(string id, string name, DateTimeOffset at, JsonElement subject, JsonElement content, JsonElement custom, string where)
    {
        var artifact = Json.Text(content, "artifactId");
        var intent = Json.Text(custom, "intent") is { } text
            ? Named(() => DeliveryNames.ParseIntent(text), where, "customData.intent")
            : name == "service.rolledback" ? DeployIntent.Rollback : DeployIntent.Planned;
        var version = (Json.Text(custom, "version") is { Length: > 0 } named ? named : null) ?? PackageUrl.Version(artifact)
            ?? throw new InvalidInputException($"{where}: no version: give subject.content.artifactId (a purl) or customData.version");
        return new Deploy(id, ServiceName(Json.RequiredText(subject, "id", where)), Environment(content, where), version, intent, at)
        {
            FinishedAt = at,
            Result = Json.Text(custom, "result") is { } result ? Finished(result, where) : DeployResult.Success,
            ArtifactId = artifact,
            Changes = Changes(custom, where),
            Source = "cdevents",
        };
    }

    /// <summary><c>customData.result</c> of a deployed, upgraded or rolled back service: the deploy is over, so success or failed.</summary>
    private static DeployResult Finished(string text, string where) =>
        Named(() => DeliveryNames.ParseResult(text), where, "customData.result") is var result && result != DeployResult.Running
            ? result
            : throw new InvalidInputException($"{where}: customData.result '{text}': the event says the deploy is over: expected success or failed");

    /// <summary>A name's refusal with the event and the field it came from, so a bad line of a large file can be found.</summary>
    internal static T Named<T>(Func<T> parse, string where, string field)
    {
        try
        {
            return parse();
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"{where}: {field}: {e.Message}", e);
        }
    }

    private static List<Change> Changes(JsonElement custom, string where)
    {
        var changes = new List<Change>();
        if (custom.ValueKind != JsonValueKind.Object || !custom.TryGetProperty("changes", out var list))
        {
            return changes;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidInputException($"{where}: customData.changes must be an array of {{\"id\", \"committedAt\"}}");
        }

        foreach (var item in list.EnumerateArray())
        {
            changes.Add(item.ValueKind == JsonValueKind.String
                ? new Change(item.GetString()!, null)
                : new Change(Json.RequiredText(item, "id", where + ": customData.changes[]"), Json.Time(item, "committedAt", where)));
        }

        var (once, conflict) = Change.Once(changes);
        return conflict is { } twice ? throw new InvalidInputException($"{where}: customData.changes names {Change.Twice(twice)}") : [.. once];
    }

    private static string Environment(JsonElement content, string where) =>
        Json.Object(content, "environment") is { } environment
            ? Json.RequiredText(environment, "id", where + ": subject.content.environment")
            : throw new InvalidInputException($"{where}: missing subject.content.environment");

    private static string ServiceOf(JsonElement content) =>
        Json.Object(content, "service") is { } service && Json.Text(service, "id") is { } id ? ServiceName(id) : "";

    /// <summary><c>service/checkout</c> → <c>checkout</c>: the last segment of a service id is its name.</summary>
    public static string ServiceName(string id)
    {
        var trimmed = id.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash >= 0 ? trimmed[(slash + 1)..] : trimmed;
    }

    private static string? CausedBy(JsonElement context)
    {
        if (context.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Array)
        {
            foreach (var link in links.EnumerateArray())
            {
                if (string.Equals(Json.Text(link, "linkKind"), "CAUSED_BY", StringComparison.OrdinalIgnoreCase)
                    && Json.Object(link, "target") is { } target && Json.Text(target, "contextId") is { } contextId)
                {
                    return contextId;
                }
            }
        }

        return null;
    }
}
