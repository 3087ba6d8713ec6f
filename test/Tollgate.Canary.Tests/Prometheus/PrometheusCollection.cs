namespace Tollgate.Canary.Tests.Prometheus;

/// <summary>The tests that share one real Prometheus.</summary>
[CollectionDefinition(Name)]
public sealed class PrometheusCollection : ICollectionFixture<PrometheusFixture>
{
    public const string Name = "prometheus";
}
