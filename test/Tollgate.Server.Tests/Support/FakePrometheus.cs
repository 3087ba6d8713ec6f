using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tollgate.Server.Tests.Support;

/// <summary>
/// A tiny Prometheus HTTP API on loopback for the cases where Prometheus' behaviour is the point: per-minute request
/// and error counts for the canary and baseline groups (told apart by the pod-template hash in the selector), or 503s
/// when <see cref="Down"/>; either group's traffic can be cut down, the canary's absent; every instant query has one series. Every query it was asked is kept in <see cref="Queries"/>.
/// </summary>
public sealed class FakePrometheus : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakePrometheus(WebApplication app) => _app = app;

    public string Url => _app.Urls.First();

    public bool Down { get; set; }

    /// <summary>Errors per 1,000 requests each minute in the canary group (the baseline has 10).</summary>
    public int CanaryErrorsPerThousand { get; set; } = 10;

    public string CanaryHash { get; set; } = "7c9d5f8b6";

    /// <summary>Requests per minute to the canary group (the baseline has 1,000).</summary>
    public int CanaryRequestsPerMinute { get; set; } = 1000;

    /// <summary>Requests per minute to the baseline group, with 10 errors per 1,000.</summary>
    public int BaselineRequestsPerMinute { get; set; } = 1000;

    /// <summary>False: the canary group has no series at all, as before its first request (a rollout at weight 0).</summary>
    public bool CanarySeries { get; set; } = true;

    public List<string> Queries { get; } = [];

    /// <summary>The canary's minutes with requests, the last of the range (a canary younger than the window); null: every minute.</summary>
    public int? CanaryMinutes { get; set; }

    /// <summary>True: no series at all, in ranges or instant queries (a metric that stopped hours ago).</summary>
    public bool NoSeries { get; set; }

    /// <summary>True: the day's scan for a metric's last sample (<c>[1d:1m]</c>) is held unanswered until its asker gives up.</summary>
    public bool HoldDayScan { get; set; }

    /// <summary>Completes once a day's scan is held (<see cref="HoldDayScan"/>).</summary>
    public TaskCompletionSource DayScanArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How long each answer takes (a slow Prometheus keeps a judgement in flight).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>A warning every range answer carries (a Thanos partial response); null: none.</summary>
    public string? Warning { get; set; }

    /// <summary>
    /// True: every range query is held unanswered until its asker gives up (instant queries still answer), each counted
    /// in flight once it has arrived (<see cref="RangesInFlight"/>): a slow Prometheus without a race against the wall clock.
    /// </summary>
    public bool HoldRanges { get; set; }

    private readonly List<(int Count, TaskCompletionSource Arrived)> _inFlight = [];
    private int _held;

    /// <summary>Completes once <paramref name="count"/> range queries are held unanswered at the same time (<see cref="HoldRanges"/>).</summary>
    public Task RangesInFlight(int count)
    {
        lock (_inFlight)
        {
            if (_held >= count)
            {
                return Task.CompletedTask;
            }

            var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _inFlight.Add((count, arrived));
            return arrived.Task;
        }
    }

    public static async Task<FakePrometheus> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakePrometheus(app);
        app.MapPost("/api/v1/query", (HttpRequest request) => fake.AnswerAsync(request, range: false));
        app.MapPost("/api/v1/query_range", (HttpRequest request) => fake.AnswerAsync(request, range: true));
        await app.StartAsync();
        return fake;
    }

    private async Task<IResult> AnswerAsync(HttpRequest request, bool range)
    {
        var form = await request.ReadFormAsync();
        var query = form["query"].ToString();
        lock (Queries)
        {
            Queries.Add(query);
        }

        if (range && HoldRanges)
        {
            await HoldAsync(request.HttpContext.RequestAborted);
        }

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }

        if (Down)
        {
            return Results.Text("""{"status":"error","errorType":"unavailable","error":"fake outage"}""", "application/json", Encoding.UTF8, 503);
        }

        if (!range && HoldDayScan && query.Contains("[1d:1m]", StringComparison.Ordinal))
        {
            DayScanArrived.TrySetResult();
            await HoldAsync(request.HttpContext.RequestAborted);
        }

        if (NoSeries)
        {
            return Results.Text("{\"status\":\"success\",\"data\":{\"resultType\":\"" + (range ? "matrix" : "vector") + "\",\"result\":[]}}", "application/json");
        }

        if (!range)
        {
            var at = double.Parse(form["time"].ToString(), CultureInfo.InvariantCulture);
            return Results.Text($$$"""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[{{{at.ToString(CultureInfo.InvariantCulture)}}},"1"]}]}}""", "application/json");
        }

        var start = double.Parse(form["start"].ToString(), CultureInfo.InvariantCulture);
        var end = double.Parse(form["end"].ToString(), CultureInfo.InvariantCulture);
        var step = ParseStep(form["step"].ToString());
        var canary = query.Contains(CanaryHash, StringComparison.Ordinal);
        var errors = query.Contains("code=~", StringComparison.Ordinal);
        if (canary && !CanarySeries)
        {
            return Results.Text("""{"status":"success","data":{"resultType":"matrix","result":[]}}""", "application/json");
        }

        var perStep = errors
            ? (canary ? CanaryErrorsPerThousand * CanaryRequestsPerMinute / 1000.0 : 10 * BaselineRequestsPerMinute / 1000.0)
            : (canary ? CanaryRequestsPerMinute : BaselineRequestsPerMinute);
        var values = new StringBuilder();
        for (var t = start; t <= end + 1e-9; t += step)
        {
            if (canary && CanaryMinutes is { } minutes && end - t >= minutes * step - 1e-9)
            {
                continue;
            }

            values.Append(values.Length == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"[{t},\"{perStep}\"]");
        }

        var warnings = Warning is null ? "" : ",\"warnings\":" + "[" + System.Text.Json.JsonSerializer.Serialize(Warning) + "]";
        return Results.Text($$$"""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[{{{values}}}]}]}{{{warnings}}}}""", "application/json");
    }

    /// <summary>Holds a range query until its asker gives up (the connection ends), counted in flight meanwhile.</summary>
    private async Task HoldAsync(CancellationToken aborted)
    {
        lock (_inFlight)
        {
            _held++;
            foreach (var (count, arrived) in _inFlight.Where(w => w.Count <= _held).ToList())
            {
                arrived.TrySetResult();
                _inFlight.Remove((count, arrived));
            }
        }

        try
        {
            await Task.Delay(Timeout.Infinite, aborted);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            lock (_inFlight)
            {
                _held--;
            }
        }
    }

    private static double ParseStep(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : TimeSpan.Parse(text, CultureInfo.InvariantCulture).TotalSeconds;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
