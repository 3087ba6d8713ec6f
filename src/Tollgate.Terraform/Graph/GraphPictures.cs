namespace Tollgate.Terraform.Graph;

/// <summary>Where to write pictures of the analysed graph: annotated DOT, SVG through graphviz, an interactive page.</summary>
public sealed record GraphPictures(string? Dot = null, string? Svg = null, string? Html = null)
{
    public bool Any => Dot is not null || Svg is not null || Html is not null;
}
