using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Judgement;
using Tollgate.Domain.Verdicts;
using static Tollgate.Canary.Tests.Judgement.Observations;

namespace Tollgate.Canary.Tests.Evaluation;

/// <summary>
/// A watch's early looks (<c>tollgate canary --watch</c>, <c>deploy watch</c>) judge a window shorter than the spec's.
/// A samples metric's tests are fixed-sample tests: judged at full α on every look, a watch would roll back on a
/// borderline difference far more often than α. So they decide on the whole window only.
/// </summary>
public sealed class EarlyLookTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 10, 20, 0, TimeSpan.Zero);
    private static readonly string[] Pods = ["""{"tenant":"acme","pod":"p1"}""", """{"tenant":"acme","pod":"p2"}"""];

    // Per pod and step: the canary about 1.35 times the baseline, overlapping it (one-sided Mann-Whitney p about 0.01
    // over five steps: significant at α = 0.05, not at the O'Brien-Fleming boundary of look 5 of 10). Before: the early
    // look, judged as a complete window, rolled back on it.
    private static readonly string[][] Baseline = [["100", "110", "120", "130", "140"], ["150", "160", "170", "180", "190"]];
    private static readonly string[][] Canary = [["120", "140", "165", "175", "195"], ["195", "215", "230", "255", "270"]];

    [Fact]
    public async Task Evaluate_EarlyLookOnSamplesWithBorderlineDifference_HoldsUntilTheWindowIsOver()
    {
        var spec = JudgeSpec(Samples) with { MinSamples = 5 };

        // Look 5 of 10: the window so far.
        var judgement = await Evaluate(spec, steps: 5);

        judgement.Verdict.ShouldBe(Verdict.Hold, judgement.Reason);
        judgement.WindowComplete.ShouldBeFalse();
        judgement.Incomplete.ShouldBe("window not over: every slice within bounds for 5m of 10m");
        var check = judgement.Checks.ShouldHaveSingleItem();
        check.MemberPValue.ShouldBeLessThan(0.05);
        check.Status.ShouldBe(CheckStatus.Exceeds);
    }

    [Fact]
    public async Task Evaluate_SamplesWithTheSameDifferenceOverTheWholeWindow_RollsBack()
    {
        var spec = JudgeSpec(Samples) with { MinSamples = 5 };

        var judgement = await Evaluate(spec, steps: 10);

        judgement.Verdict.ShouldBe(Verdict.Fail, judgement.Reason);
        judgement.WindowComplete.ShouldBeTrue();
    }

    private static Task<CanaryJudgement> Evaluate(Tollgate.Canary.Spec.CanarySpec spec, int steps)
    {
        var source = new ScriptedSource((canary, _) => ScriptedSource.Matrix(Start.AddMinutes(1),
            [.. Pods.Select((pod, i) => (pod, Repeated(canary ? Canary[i] : Baseline[i], steps)))]));
        return new CanaryEvaluator(spec, source).EvaluateAsync(new EvaluationWindow(Start, Start.AddMinutes(steps), spec.Interval), true, CancellationToken.None);
    }

    /// <summary>The five values again, a little higher, for as many steps as the look has.</summary>
    private static string[] Repeated(string[] values, int steps) =>
        [.. Enumerable.Range(0, steps).Select(i => $"\"{int.Parse(values[i % 5], System.Globalization.CultureInfo.InvariantCulture) + 2 * (i / 5)}\"")];
}
