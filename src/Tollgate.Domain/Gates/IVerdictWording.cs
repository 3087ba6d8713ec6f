namespace Tollgate.Domain.Gates;

/// <summary>
/// How a kind words the one decision: a plan speaks of what is destroyed, replaced or forgotten, a graph of cycles
/// and limits, a canary of slices. The verdict is never the wording's to change.
/// </summary>
public interface IVerdictWording
{
    string Reason(Decision decision);
}
