using Tollgate.Testing;

namespace Tollgate.Models.Tests.Prometheus;

/// <summary>A real Prometheus backfilled with <see cref="KpiTraffic"/>. One per test run.</summary>
public sealed class KpiPrometheusFixture() : BackfilledPrometheus("tollgate-kpi-", KpiTraffic.Write), IAsyncLifetime
{
    public Task InitializeAsync() => StartAsync();

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
