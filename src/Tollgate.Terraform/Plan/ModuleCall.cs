namespace Tollgate.Terraform.Plan;

/// <summary>A <c>module "name" { … }</c> call of the configuration, with its inputs' references and <c>depends_on</c>.</summary>
public sealed record ModuleCall(
    string ParentPath,
    string Name,
    string Source,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Inputs,
    IReadOnlyList<string> DependsOn)
{
    /// <summary>The called module's path, e.g. <c>module.net</c> or <c>module.app.module.db</c>.</summary>
    public string Path => ParentPath.Length == 0 ? "module." + Name : ParentPath + ".module." + Name;
}
