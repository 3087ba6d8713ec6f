using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Delivery.Watch;
using Tollgate.Domain;

namespace Tollgate.Cli.Commands;

/// <summary>Options <c>deploy watch</c> and <c>deploy run</c> share: the SLO spec, its Prometheus, the window and the command timeout.</summary>
public sealed class DeliveryOptions
{
    public Option<FileInfo> Spec { get; } = new Option<FileInfo>("--spec") { Description = "The SLO spec (the canary spec's format): metrics, slices and bounds", Required = true }.WhenEmpty("give the SLO spec file");

    public Option<string?> Window { get; } = new("--window") { Description = "How long to watch after the deploy (default: the spec's window), whole intervals of the spec, e.g. 10m" };

    public Option<string?> MaxWait { get; } = new("--max-wait") { Description = "Give up with hold after this long without a decision (default: twice the window); whole intervals of the spec, at least the window" };

    public Option<int> ErrorLimit { get; } = new("--error-limit")
    {
        Description = $"Stop with hold after this many looks in a row whose every query Prometheus rejected (default {WatchWindow.DefaultErrorLimit}, as Argo Rollouts' consecutiveErrorLimit)",
        DefaultValueFactory = _ => WatchWindow.DefaultErrorLimit,
    };

    public Option<string?> Prometheus { get; } = new("--prometheus") { Description = "Prometheus URL (overrides the spec's prometheus:)" };

    /// <param name="timeout">What <c>--timeout</c> limits, in the command's own words: <c>deploy run</c> runs a deploy command, <c>deploy watch</c> only a rollback.</param>
    public DeliveryOptions(string timeout)
    {
        Timeout = new("--timeout") { Description = timeout, DefaultValueFactory = _ => "10m" };
    }

    public Option<string> Timeout { get; }

    public void AddTo(Command command)
    {
        foreach (var option in (Option[])[Spec, Window, MaxWait, ErrorLimit, Prometheus, Timeout])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// The spec as a deploy watch reads it: only <c>groups.canary</c>, the service's selector, since the baseline is the
    /// same service before the deploy; a <c>groups.baseline</c> (required before) is a note on standard error, not a refusal.
    /// </summary>
    public CanarySpec LoadSpec(ParseResult parse, CliHost host)
    {
        var spec = SpecLoader.Load(Path.GetFullPath(parse.GetValue(Spec)!.ToString(), host.WorkingDirectory), SpecUse.Deploy) with { Path = parse.GetValue(Spec)!.ToString() };
        foreach (var note in spec.Notes)
        {
            host.Error.WriteLine($"tollgate: note: {note}");
        }

        return spec;
    }

    public TimeSpan? WindowOf(ParseResult parse) => parse.GetValue(Window) is { } w ? PromDuration.Parse(w, "--window") : null;

    public TimeSpan? MaxWaitOf(ParseResult parse) => parse.GetValue(MaxWait) is { } w ? PromDuration.Parse(w, "--max-wait") : null;

    public TimeSpan TimeoutOf(ParseResult parse) => PromDuration.Parse(parse.GetValue(Timeout)!, "--timeout");

    /// <param name="attempts">How often a query is sent before the source says it cannot measure (the watch: 3).</param>
    public IMetricSource Source(ParseResult parse, CliHost host, CanarySpec spec, HttpClient http, int attempts = 3) =>
        new PrometheusSource(http, PrometheusTarget.Of(spec, parse.GetValue(Prometheus)), new PrometheusOptions(spec.Timeout, attempts), host.Clock, null);
}
