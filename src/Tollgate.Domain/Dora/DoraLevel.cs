namespace Tollgate.Domain.Dora;

/// <summary>DORA's performance clusters, worst first.</summary>
public enum DoraLevel
{
    Low,
    Medium,
    High,
    Elite,
}
