namespace Tollgate.Simulation;

/// <summary>
/// The README's canary spec, as the decision-quality simulations judge with it: an error-rate ratio per tenant,
/// maxRatio 2, maxValue 1 %, minSamples 200, a 10-minute window of 1-minute intervals (confidence 0.99, Holm: the defaults).
/// </summary>
public static class ReadmeSpec
{
    /// <summary>The spec's YAML with the given baseline and canary selectors, for <c>SpecLoader.Parse</c>.</summary>
    public static string ErrorRate(string baseline, string canary) => $$$"""
        window: 10m
        interval: 1m
        minSamples: 200
        groups: { baseline: '{{{baseline}}}', canary: '{{{canary}}}' }
        sliceBy: [tenant]
        metrics:
          - name: error-rate
            type: ratio
            errors: 'sum by (tenant) (increase(errors{ {{selector}} }[{{interval}}]))'
            total: 'sum by (tenant) (increase(requests{ {{selector}} }[{{interval}}]))'
            maxRatio: 2.0
            maxValue: 0.01
        """;
}
