using System.Net;
using Tollgate.Canary.Evaluation;
using Tollgate.Canary.Sources;
using Tollgate.Domain.Verdicts;
using static Tollgate.Canary.Tests.Judgement.Observations;

namespace Tollgate.Canary.Tests.Evaluation;

/// <summary>
/// The answer budget running out on the spec's range queries: the hold counts the queries sent, each once, not the
/// answers read (two metrics writing the same total query send it once and read it twice).
/// </summary>
public sealed class WaitingQueriesTests
{
    private static readonly DateTimeOffset End = new(2026, 11, 1, 10, 30, 0, TimeSpan.Zero);

    private const string SharedTotal = """
          - name: server-errors
            type: ratio
            errors: 'sum by (tenant) (increase(server_errors{ {{selector}} }[{{interval}}]))'
            total: 'sum by (tenant) (increase(requests{ {{selector}} }[{{interval}}]))'
            maxRatio: 2.0
        """;

    [Fact]
    public async Task Evaluate_BudgetSpentOnQueriesTwoMetricsShare_CountsEachQueryOnce()
    {
        // error-rate and server-errors share their total query: 6 queries sent (3 per group), 8 answers read.
        // Before: "8 of 8 queries were still waiting", naming each group's total twice.
        var spec = JudgeSpec(Ratio + "\n" + SharedTotal);
        var source = new SpentSource();

        var judgement = await new CanaryEvaluator(spec, source).EvaluateAsync(EvaluationWindow.Ending(End, spec.Window, spec.Interval), true, CancellationToken.None);

        judgement.Verdict.ShouldBe(Verdict.Hold);
        source.Ranges.Count.ShouldBe(6);
        judgement.Reason.ShouldStartWith("metric source unavailable: 6 of 6 queries were still waiting (error-rate baseline errors, error-rate baseline total, error-rate canary errors, error-rate canary total, server-errors baseline errors, server-errors canary errors): the answer budget of 1s ran out");
    }

    /// <summary>Up for the probe; every range query still waiting when the budget ran out.</summary>
    private sealed class SpentSource : IMetricSource
    {
        public List<string> Ranges { get; } = [];

        public Task<MetricResponse> RangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
        {
            lock (Ranges)
            {
                Ranges.Add(query);
            }

            return Task.FromResult(MetricResponse.Down("the answer budget of 1s ran out") with { BudgetSpent = true });
        }

        public Task<MetricResponse> InstantAsync(string query, DateTimeOffset at, CancellationToken cancellationToken) =>
            Task.FromResult(PrometheusResponse.Parse(HttpStatusCode.OK, """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[0,"1"]}]}}""", query));
    }
}
