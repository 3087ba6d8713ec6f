namespace Tollgate.Cli.Reports;

/// <summary>One-line descriptions of the stable rule ids, for SARIF rule metadata and help.</summary>
public static class RuleCatalog
{
    public static string Describe(string ruleId) => ruleId switch
    {
        "destroy" => "The plan destroys an object",
        "replace" => "The plan replaces an object (destroy and create)",
        "forget" => "The plan removes an object from state but leaves it running",
        "replace-chain" => "One replacement forces further replacements",
        "rename-suspect" => "A destroy and a create that look like a rename without a moved block",
        "sensitive-change" => "A value marked sensitive changes",
        _ when ruleId.StartsWith("policy/", StringComparison.Ordinal) => "Custom policy rule " + ruleId["policy/".Length..] + " (tollgate.yaml)",
        _ when ruleId.StartsWith("scanner/", StringComparison.Ordinal) => "Imported scanner result " + ruleId["scanner/".Length..],
        _ => ruleId,
    };
}
