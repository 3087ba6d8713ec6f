namespace Tollgate.Terraform.Plan;

/// <summary>Counts the plan's resource changes by what they do, for the report's summary.</summary>
internal sealed class ChangeCounter
{
    private int _create, _update, _delete, _replace, _forget, _read, _noop;

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

    public PlanSummary Summary => new(_create, _update, _delete, _replace, _forget, _read, _noop);
}
