namespace Tollgate.Domain.Reports;

/// <summary>Names the tool in every report.</summary>
public sealed record ToolInfo(string Name, string Version)
{
    public static ToolInfo Current { get; } = new("tollgate", "0.1.0");
}
