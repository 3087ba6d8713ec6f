using System.Text.Json;
using Tollgate.Domain;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Events;

/// <summary>
/// Maps GitHub <c>deployment</c> and <c>deployment_status</c> webhook payloads
/// (https://docs.github.com/webhooks/webhook-events-and-payloads#deployment_status). One GitHub deployment is one
/// deploy keyed by <c>deployment.id</c>; its terminal status (<c>success</c>, or <c>failure</c>/<c>error</c>) finishes
/// it at the status' <c>created_at</c>. Service: <c>payload.service</c>, else the repository's name; version:
/// <c>payload.version</c>, else <c>ref</c>; intent and changes from <c>payload</c> as for CDEvents, else the deployed <c>sha</c>.
/// </summary>
internal static class GitHubDeploymentReader
{
    public static bool IsGitHub(JsonElement root) => Json.Object(root, "deployment") is not null && Json.Object(root, "repository") is not null;

    public static IEnumerable<DeliveryEvent> Read(JsonElement root, string where)
    {
        var deployment = Json.Object(root, "deployment")!.Value;
        var repository = Json.Object(root, "repository")!.Value;
        var payload = Json.Object(deployment, "payload") ?? default;
        var key = "github:deployment:" + Json.RequiredText(deployment, "id", where + ": deployment");
        var sha = Json.Text(deployment, "sha");
        var deploy = new Deploy(
            key,
            Json.Text(payload, "service") ?? Json.RequiredText(repository, "name", where + ": repository"),
            Json.RequiredText(deployment, "environment", where + ": deployment"),
            Json.Text(payload, "version") ?? Json.Text(deployment, "ref") ?? sha ?? throw new InvalidInputException($"{where}: deployment has no ref or sha"),
            Json.Text(payload, "intent") is { } intent ? CdEventReader.Named(() => DeliveryNames.ParseIntent(intent), where, "deployment.payload.intent") : DeployIntent.Planned,
            Json.RequiredTime(deployment, "created_at", where + ": deployment"))
        {
            Changes = sha is null ? [] : [new Change(sha, Json.Time(payload, "committedAt", where))],
            Source = "github",
        };
        if (Json.Object(root, "deployment_status") is not { } status)
        {
            yield return new DeployEvent(key, "github.deployment", deploy);
            yield break;
        }

        var result = Json.RequiredText(status, "state", where + ": deployment_status") switch
        {
            "success" => DeployResult.Success,
            "failure" or "error" => DeployResult.Failed,
            _ => (DeployResult?)null, // queued, pending, in_progress, inactive: not an outcome
        };
        // A status carries its deployment: recorded if the file (or the ledger) lacks it, counted as the status' own event.
        // A status that is no outcome (queued, pending) says only that the deployment exists: it counts as that.
        yield return new DeployEvent(key, "github.deployment", deploy) { Carried = result is not null };
        if (result is { } outcome)
        {
            yield return new DeployStatusEvent(
                "github:deployment_status:" + Json.RequiredText(status, "id", where + ": deployment_status"),
                "github.deployment_status",
                key,
                outcome,
                Json.Time(status, "created_at", where) ?? Json.RequiredTime(status, "updated_at", where + ": deployment_status"));
        }
    }
}
