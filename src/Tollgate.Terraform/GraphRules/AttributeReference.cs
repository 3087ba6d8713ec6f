namespace Tollgate.Terraform.GraphRules;

/// <summary>
/// An attribute read as terraform accepts it: on the block itself (<c>terraform_data.x.id</c>), or, when the block
/// has <c>count</c> or <c>for_each</c>, on all its instances (<c>terraform_data.x[*].id</c>,
/// <c>values(terraform_data.x)[*].id</c>): terraform refuses an attribute of a repeated block without an instance key.
/// </summary>
internal static class AttributeReference
{
    public static string Of(string block, string? repetition, string attribute) => repetition switch
    {
        "count" => $"{block}[*].{attribute}",
        "for_each" => $"values({block})[*].{attribute}",
        _ => $"{block}.{attribute}",
    };
}
