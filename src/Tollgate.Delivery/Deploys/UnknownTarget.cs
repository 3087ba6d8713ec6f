using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// What to say when a command names a service or environment the ledger has no deploy of (a typo reads as "nothing
/// there"): "the ledger has no deploy of chekout; did you mean checkout?", "checkout has no deploy to prod (it is
/// deployed to production, staging); did you mean --env production?". Null when the ledger knows both names.
/// </summary>
public static class UnknownTarget
{
    /// <summary>
    /// What the command says after "no deploy of S in E": the near miss alone, else what the ledger holds followed by
    /// <paramref name="advice"/> (how to record one), else the advice. <paramref name="service"/> null: any service.
    /// </summary>
    public static string Explain(string? service, string? environment, IReadOnlyList<DeployTarget> targets, string advice) =>
        Explain(service, environment, targets) is not { } why ? advice : why.Contains("; did you mean ", StringComparison.Ordinal) ? why : $"{why}; {advice}";

    /// <summary><paramref name="service"/> null: any service (an environment no service was deployed to is named).</summary>
    public static string? Explain(string? service, string? environment, IReadOnlyList<DeployTarget> targets)
    {
        if (targets.Count == 0)
        {
            return "the ledger has no deploys yet";
        }

        var services = targets.Select(t => t.Service).Distinct(StringComparer.Ordinal).ToList();
        if (service is not null && !services.Contains(service, StringComparer.Ordinal))
        {
            return $"the ledger has no deploy of {service}"
                + (Near(service, services) is { } near ? $"; did you mean {near}?" : $" (services deployed: {Listed(services)})");
        }

        if (environment is null)
        {
            return null;
        }

        var environments = targets.Where(t => service is null || t.Service == service).Select(t => t.Environment).Distinct(StringComparer.Ordinal).ToList();
        if (environments.Contains(environment, StringComparer.Ordinal))
        {
            return null;
        }

        var known = service is null ? $"no service has a deploy to {environment} (environments: {Listed(environments)})"
            : $"{service} has no deploy to {environment} (it is deployed to {Listed(environments)})";
        return known + (Near(environment, environments) is { } closest ? $"; did you mean --env {closest}?" : "");
    }

    /// <summary>
    /// The known name <paramref name="name"/> nearly duplicates by <c>deploy start</c>'s rule (<see cref="NearDuplicate"/>:
    /// case, separators, a known abbreviation, a small typo; names differing only in digits are numbered siblings, never
    /// typos), else the only one it is the start of (<c>check</c> for <c>checkout</c>, not <c>svc9</c> for <c>svc999</c>).
    /// </summary>
    internal static string? Near(string name, List<string> known)
    {
        if (NearDuplicate.Of(name, known) is { } near)
        {
            return near;
        }

        var abbreviated = known
            .Where(k => name.Length > 0 && k.Length > name.Length && k.StartsWith(name, StringComparison.OrdinalIgnoreCase) && !k[name.Length..].All(char.IsAsciiDigit))
            .Take(2).ToList();
        return abbreviated.Count == 1 ? abbreviated[0] : null;
    }

    private static string Listed(List<string> names) =>
        names.Count <= 8 ? string.Join(", ", names) : string.Join(", ", names.Take(8)) + $" and {names.Count - 8} more";
}
