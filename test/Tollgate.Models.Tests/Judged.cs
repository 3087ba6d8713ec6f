using Microsoft.Extensions.Time.Testing;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Models.Drift;
using Tollgate.Models.Trends;

namespace Tollgate.Models.Tests;

/// <summary>A model gate's evidence judged by the pipeline's pure middle under a policy (the defaults unless given), without a ledger.</summary>
internal static class Judged
{
    public static FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    public static async Task<Report> DriftAsync(DriftRequest request, Policy? policy = null) =>
        GatePipeline.Judge(await DriftGate.EvidenceAsync(request), policy ?? Policy.Default, [], Clock);

    public static Report Trend(TrendRequest request, Policy? policy = null) =>
        GatePipeline.Judge(TrendGate.Evidence(request), policy ?? Policy.Default, [], Clock);
}
