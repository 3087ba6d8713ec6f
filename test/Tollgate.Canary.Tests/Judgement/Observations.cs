using Tollgate.Canary.Judgement;
using Tollgate.Canary.Spec;


namespace Tollgate.Canary.Tests.Judgement;

/// <summary>Builds specs and per-step observations for judge tests, with seeded Poisson noise.</summary>
internal static class Observations
{
    public static CanarySpec JudgeSpec(string metrics = Ratio) => SpecLoader.Parse($$"""
        window: 10m
        interval: 1m
        minSamples: 200
        groups:
          baseline: 'version="v1"'
          canary: 'version="v2"'
        sliceBy: [tenant]
        metrics:
        {{metrics}}
        """, "judge.yaml");

    public const string Ratio = """
          - name: error-rate
            type: ratio
            errors: 'sum by (tenant) (increase(errors{ {{selector}} }[{{interval}}]))'
            total: 'sum by (tenant) (increase(requests{ {{selector}} }[{{interval}}]))'
            maxRatio: 2.0
            maxValue: 0.05
        """;

    public const string RelativeOnly = """
          - name: error-rate
            type: ratio
            errors: 'sum by (tenant) (increase(errors{ {{selector}} }[{{interval}}]))'
            total: 'sum by (tenant) (increase(requests{ {{selector}} }[{{interval}}]))'
            maxRatio: 1.0
        """;

    public const string Samples = """
          - name: pod-latency
            type: samples
            samples: 'avg by (tenant, pod) (latency{ {{selector}} })'
            maxRatio: 1.2
        """;

    public static GroupObservation Counts(Random random, double requestsPerStep, double errorRate, int steps = 10)
    {
        var group = new GroupObservation(steps) { Present = true };
        for (var i = 0; i < steps; i++)
        {
            group.Totals[i] = Poisson(random, requestsPerStep);
            group.Events[i] = Poisson(random, requestsPerStep * errorRate);
        }

        return group;
    }

    public static GroupObservation Fixed(double[] totals, double[] events)
    {
        var group = new GroupObservation(totals.Length) { Present = true };
        totals.CopyTo(group.Totals, 0);
        events.CopyTo(group.Events, 0);
        return group;
    }

    public static SliceKey Tenant(string name) => new([new("tenant", name)]);

    /// <summary>A seeded Poisson draw: Knuth's product method, a rounded normal above a mean of 50.</summary>
    public static double Poisson(Random random, double mean)
    {
        if (mean > 50)
        {
            var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return Math.Max(0, Math.Round(mean + Math.Sqrt(mean) * z));
        }

        var limit = Math.Exp(-mean);
        var product = random.NextDouble();
        var k = 0;
        while (product > limit)
        {
            product *= random.NextDouble();
            k++;
        }

        return k;
    }
}
