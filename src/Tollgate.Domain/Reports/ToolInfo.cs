using System.Reflection;

namespace Tollgate.Domain.Reports;

/// <summary>Names the tool in every report.</summary>
public sealed record ToolInfo(string Name, string Version)
{
    /// <summary>
    /// The build's informational version (every Tollgate assembly carries the same one): what <c>tollgate --version</c>
    /// prints, and what the JSON report, SARIF's driver and the Markdown footer say.
    /// </summary>
    public static ToolInfo Current { get; } = new("tollgate", InformationalVersion(typeof(ToolInfo).Assembly));

    public static string InformationalVersion(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? assembly.GetName().Version?.ToString(3)
        ?? "0.0.0";
}
