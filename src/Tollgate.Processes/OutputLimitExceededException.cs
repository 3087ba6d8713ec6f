namespace Tollgate.Processes;

/// <summary>Raised inside the runner when a child prints more than its output limit; callers see <see cref="ChildOutcome.OutputTooLarge"/>.</summary>
internal sealed class OutputLimitExceededException : Exception
{
    public OutputLimitExceededException()
        : base("the output limit was reached")
    {
    }
}
