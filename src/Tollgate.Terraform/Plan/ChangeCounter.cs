namespace Tollgate.Terraform.Plan;

/// <summary>Counts the plan's resource changes by what they do, for the report's summary.</summary>
internal sealed class ChangeCounter
{
    private int _create, _update, _delete, _replace, _forget, _read, _noop, _import, _move;

    /// <summary>Counts a change that also moves its object (<c>previous_address</c>) or imports it (<c>change.importing</c>).</summary>
    public void CountMoveAndImport(bool moves, bool imports)
    {
        _move += moves ? 1 : 0;
        _import += imports ? 1 : 0;
    }

    public void Count(ChangeActions actions)
    {
        if (actions.Replaces)
        {
            _replace++;
        }
        else if (actions.Forgets)
        {
            _forget++;
        }
        else if (actions.Deletes)
        {
            _delete++;
        }
        else if (actions.Creates)
        {
            _create++;
        }
        else if (actions.Contains("update"))
        {
            _update++;
        }
        else if (actions.IsRead)
        {
            _read++;
        }
        else
        {
            _noop++;
        }
    }

    /// <summary>A no-op that neither moves nor imports, counted without being parsed.</summary>
    public void CountPlainNoOp() => _noop++;

    public PlanSummary Summary => new(_create, _update, _delete, _replace, _forget, _read, _noop) { Import = _import, Move = _move };
}
