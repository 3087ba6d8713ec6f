namespace Tollgate.Terraform.Plan;

/// <summary>
/// Counts the plan's resource changes by what they do, for the report's summary. Counts from one thread only: the
/// plan reader parses on a second thread, and two threads adding to one count lose some of what they add (a 122 MB
/// plan once reported 32399 no-ops of 32400). A count from a second thread is refused, not made.
/// </summary>
internal sealed class ChangeCounter
{
    private int _create, _update, _delete, _replace, _forget, _read, _noop, _import, _move;
    private int _thread;

    /// <summary>Counts a change that also moves its object (<c>previous_address</c>) or imports it (<c>change.importing</c>).</summary>
    public void CountMoveAndImport(bool moves, bool imports)
    {
        OnOneThread();
        _move += moves ? 1 : 0;
        _import += imports ? 1 : 0;
    }

    public void Count(ChangeActions actions)
    {
        OnOneThread();
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

    /// <summary>The counts, with <paramref name="plainNoOps"/> more no-ops: those counted, without being parsed, by the thread that reads the plan.</summary>
    public PlanSummary Summary(int plainNoOps) =>
        new(_create, _update, _delete, _replace, _forget, _read, _noop + plainNoOps) { Import = _import, Move = _move };

    private void OnOneThread()
    {
        var thread = Environment.CurrentManagedThreadId;
        if (_thread == thread)
        {
            return;
        }

        var owner = Interlocked.CompareExchange(ref _thread, thread, 0);
        if (owner != 0 && owner != thread)
        {
            throw new InvalidOperationException($"changes counted on threads {owner} and {thread}: counts would be lost");
        }
    }
}
