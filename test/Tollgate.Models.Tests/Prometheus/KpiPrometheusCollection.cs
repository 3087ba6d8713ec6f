namespace Tollgate.Models.Tests.Prometheus;

/// <summary>The tests that share one backfilled Prometheus.</summary>
[CollectionDefinition(Name)]
public sealed class KpiPrometheusCollection : ICollectionFixture<KpiPrometheusFixture>
{
    public const string Name = "kpi-prometheus";
}
