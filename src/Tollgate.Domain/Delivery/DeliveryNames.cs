namespace Tollgate.Domain.Delivery;

/// <summary>The wire names of intents and results, as the CLI, the events and the ledger spell them.</summary>
public static class DeliveryNames
{
    public static string WireName(this DeployIntent intent) => intent switch
    {
        DeployIntent.Planned => "planned",
        DeployIntent.Hotfix => "hotfix",
        DeployIntent.Rollback => "rollback",
        _ => throw new ArgumentOutOfRangeException(nameof(intent), intent, null),
    };

    public static string WireName(this DeployResult result) => result switch
    {
        DeployResult.Running => "running",
        DeployResult.Success => "success",
        DeployResult.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, null),
    };

    public static DeployIntent ParseIntent(string text) => text.Trim().ToLowerInvariant() switch
    {
        "planned" => DeployIntent.Planned,
        "hotfix" => DeployIntent.Hotfix,
        "rollback" => DeployIntent.Rollback,
        _ => throw new InvalidInputException($"unknown deploy intent '{text}': expected planned, hotfix or rollback"),
    };

    public static DeployResult ParseResult(string text) => text.Trim().ToLowerInvariant() switch
    {
        "running" => DeployResult.Running,
        "success" => DeployResult.Success,
        "failed" => DeployResult.Failed,
        _ => throw new InvalidInputException($"unknown deploy result '{text}': expected success or failed"),
    };
}
