namespace Tollgate.Ledger.Delivery;

/// <summary>
/// For tests that stop <c>events ingest</c> at a known point: with <c>TOLLGATE_TEST_STAGE=1</c> in the environment,
/// one line on standard error as a stage of the SQLite write begins (<c>tollgate: test stage: finish</c> once every
/// event is written and the batch's closing statements start: index builds, DORA days, commit), then a hold of
/// <see cref="Hold"/> that nothing cancels, so a signal sent on seeing the line always lands in that stage, however fast
/// the statements are (on an existing ledger they can finish and commit before a test's signal arrives). Off by
/// default, and never part of what a user sees.
/// </summary>
internal static class IngestStageMarker
{
    /// <summary>The environment variable that turns the marker on (value <c>1</c>).</summary>
    public const string EnvironmentVariable = "TOLLGATE_TEST_STAGE";

    /// <summary>How long a stage is held once its line is written: far longer than a signal takes to arrive.</summary>
    public static readonly TimeSpan Hold = TimeSpan.FromSeconds(2);

    private static readonly bool On = Environment.GetEnvironmentVariable(EnvironmentVariable) == "1";

    /// <summary>Writes <c>tollgate: test stage: STAGE</c> on standard error and holds the stage when the marker is on.</summary>
    public static void Reached(string stage)
    {
        if (On)
        {
            Console.Error.WriteLine($"tollgate: test stage: {stage}");
            Thread.Sleep(Hold); // as uncancellable as the statements it stands before
        }
    }
}
