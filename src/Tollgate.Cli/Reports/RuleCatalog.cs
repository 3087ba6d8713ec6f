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
        "check-failed" => "A check block, precondition, postcondition or variable validation failed or is known only after apply",
        "module-depends-on" => "depends_on on a module call, or on a value passed into a module: the module boundary leaks",
        "depends-on" => "An explicit depends_on whose ordering a reference could carry",
        "implicit-dependency" => "A literal equal to another object's identity with no dependency between them",
        "fan-out" => "A node with more dependents than the fan-out threshold",
        "cycle" => "A dependency cycle",
        "blast-radius" => "What a changed resource's failure or replacement can touch",
        "state-split" => "Resources of several owners in one state, and what a split would cross",
        _ when ruleId.StartsWith("policy/", StringComparison.Ordinal) => "Custom policy rule " + ruleId["policy/".Length..] + " (tollgate.yaml)",
        _ when ruleId.StartsWith("scanner/", StringComparison.Ordinal) => "Imported scanner result " + ruleId["scanner/".Length..],
        _ => ruleId,
    };
}
