namespace Tollgate.Policies.Custom;

/// <summary>
/// The bounds of custom rules: the estimated cost a <c>when</c> may have at load, the steps (comprehension body
/// evaluations) one evaluation may take, and the time one evaluation and one rule over a whole plan may take.
/// </summary>
public sealed record CelLimits(double MaxEstimatedSteps, long MaxSteps, TimeSpan PerEvaluation, TimeSpan PerRule)
{
    /// <summary>
    /// Two nested comprehensions over lists of 100 pass at load, three do not; 50,000 body evaluations per change at
    /// run (the <c>Cel</c> package takes about 0.1 ms for each, so about five seconds), two seconds per evaluation and
    /// twenty per rule over a whole plan.
    /// </summary>
    public static CelLimits Default { get; } = new(1e5, 50_000, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20));
}
