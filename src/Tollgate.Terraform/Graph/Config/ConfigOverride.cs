namespace Tollgate.Terraform.Graph.Config;

/// <summary>
/// Terraform's override files (https://developer.hashicorp.com/terraform/language/files/override): a block in
/// <c>override.tf</c> or <c>*_override.tf(.json)</c> replaces, argument by argument, the arguments of the block
/// with the same address, and a nested block type replaces all the original's blocks of that type. Locals replace
/// by name (a plain assignment in <see cref="ConfigLoadState"/>). <c>depends_on</c> stays the original's: terraform
/// refuses to override it ("Unsupported override"). One simplification: a <c>lifecycle</c> block
/// replaces the original's as a whole, where terraform merges its arguments one by one.
/// </summary>
internal static class ConfigOverride
{
    public static ConfigResource Merge(ConfigResource original, ConfigResource over)
    {
        var replaced = over.Arguments.Keys.Where(k => k != "depends_on").ToHashSet(StringComparer.Ordinal);
        var arguments = original.Arguments.Where(a => !replaced.Contains(a.Key)).Concat(over.Arguments).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        return original with
        {
            Arguments = arguments,
            References = arguments.Where(a => a.Key != "depends_on").SelectMany(a => a.Value).ToList(),
            Literals = original.Literals.Where(l => !replaced.Contains(TopLevel(l.Path))).Concat(over.Literals).ToList(),
            Lifecycle = replaced.Contains("lifecycle") ? over.Lifecycle : original.Lifecycle,
            DynamicBlocks = original.DynamicBlocks.Where(d => !replaced.Contains(d)).Concat(over.DynamicBlocks).ToList(),
            Repetition = over.Repetition ?? original.Repetition,
        };
    }

    public static ConfigModuleCall Merge(ConfigModuleCall original, ConfigModuleCall over)
    {
        var inputs = new Dictionary<string, IReadOnlyList<string>>(original.Inputs, StringComparer.Ordinal);
        foreach (var (name, references) in over.Inputs)
        {
            inputs[name] = references;
        }

        return original with { Inputs = inputs };
    }

    private static string TopLevel(string path)
    {
        var end = path.IndexOfAny(['.', '[']);
        return end < 0 ? path : path[..end];
    }
}
