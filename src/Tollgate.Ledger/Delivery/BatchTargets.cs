using Tollgate.Domain.Delivery;

namespace Tollgate.Ledger.Delivery;

/// <summary>
/// The deploy targets a grouped write's bodies see before each of them: the ledger's, read under the lock, and those
/// the deploy events of the bodies before it in the batch name, as the ledger would hold them were the bodies recorded
/// one at a time. A body that names no new target shares its predecessor's list (no copy per body).
/// </summary>
internal sealed class BatchTargets(IReadOnlyList<DeployTarget> ledger)
{
    private readonly HashSet<DeployTarget> _known = [.. ledger];
    private IReadOnlyList<DeployTarget> _current = ledger;

    /// <summary>The targets before <paramref name="body"/>; its own deploys' targets are then known to the bodies after it.</summary>
    public IReadOnlyList<DeployTarget> Add(IReadOnlyList<DeliveryEvent> body)
    {
        var before = _current;
        List<DeployTarget>? added = null;
        foreach (var e in body)
        {
            if (e is DeployEvent { Deploy: var deploy } && _known.Add(new DeployTarget(deploy.Service, deploy.Environment)))
            {
                (added ??= []).Add(new DeployTarget(deploy.Service, deploy.Environment));
            }
        }

        if (added is not null)
        {
            _current = [.. _current, .. added];
        }

        return before;
    }
}
