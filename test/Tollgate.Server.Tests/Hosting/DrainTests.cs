using System.Net;
using System.Text.Json;
using Npgsql;
using Tollgate.Server.Tests.Support;

namespace Tollgate.Server.Tests.Hosting;

/// <summary>A stopping server finishes the requests in flight, and a readiness check among them says it is draining.</summary>
public sealed class DrainTests
{
    [Fact]
    public async Task Readyz_InFlightWhenTheServerStops_503Draining()
    {
        await using var prometheus = await FakePrometheus.StartAsync();
        var connection = await Ledgers.TempPostgresAsync();
        await using var server = await RunningServer.StartAsync(prometheus.Url, ledger: connection);
        using var before = await server.Http.GetAsync("/readyz");

        // The verdicts table locked: the readiness check's ledger read waits, in flight, until the lock goes.
        await using var admin = new NpgsqlConnection(connection);
        await admin.OpenAsync();
        await using var transaction = await admin.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("LOCK TABLE verdicts IN ACCESS EXCLUSIVE MODE", admin, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        var during = server.Http.GetAsync("/readyz");
        await Task.Delay(300);
        var stopping = server.Server.StopAsync();
        await Task.Delay(200);
        await transaction.CommitAsync();
        using var answer = await during;
        await stopping;

        before.StatusCode.ShouldBe(HttpStatusCode.OK);
        answer.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("detail").GetString()!.ShouldStartWith("draining: this replica is stopping");
    }
}
