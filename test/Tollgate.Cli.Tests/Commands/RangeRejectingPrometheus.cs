using System.Net;
using Tollgate.Testing;

namespace Tollgate.Cli.Tests.Commands;

/// <summary>
/// A Prometheus HTTP API on loopback that answers every instant query (one sample, value 1) and rejects every range
/// query with 400 <c>bad_data</c>, as a real one does for a range with too many points: the watch's queries pass the
/// check before the deploy and are rejected on its looks.
/// </summary>
internal static class RangeRejectingPrometheus
{
    public const string Error = "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)";

    public static Task<ScriptedServer> StartAsync() => ScriptedServer.StartAsync(request =>
        request.Url!.AbsolutePath.EndsWith("/query_range", StringComparison.Ordinal)
            ? (HttpStatusCode.BadRequest, $$"""{"status":"error","errorType":"bad_data","error":"{{Error}}"}""")
            : (HttpStatusCode.OK, """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1764158400,"1"]}]}}"""));
}
