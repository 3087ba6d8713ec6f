using System.CommandLine;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Delivery.Watch;
using Tollgate.Domain;

namespace Tollgate.Cli.Commands;

/// <summary>Options <c>deploy watch</c> and <c>deploy run</c> share: the SLO spec, its Prometheus, the window and the command timeout.</summary>
public sealed class DeliveryOptions
{
    public Option<FileInfo> Spec { get; } = new("--spec") { Description = "The SLO spec (the canary spec's format): metrics, slices and bounds", Required = true };

    public Option<string?> Window { get; } = new("--window") { Description = "How long to watch after the deploy (default: the spec's window), whole intervals of the spec, e.g. 10m" };

    public Option<string?> MaxWait { get; } = new("--max-wait") { Description = "Give up with hold after this long without a decision (default: twice the window); whole intervals of the spec, at least the window" };

    public Option<int> ErrorLimit { get; } = new("--error-limit")
    {
        Description = $"Stop with hold after this many looks in a row whose every query Prometheus rejected (default {WatchWindow.DefaultErrorLimit}, as Argo Rollouts' consecutiveErrorLimit)",
        DefaultValueFactory = _ => WatchWindow.DefaultErrorLimit,
    };

    public Option<string?> Prometheus { get; } = new("--prometheus") { Description = "Prometheus URL (overrides the spec's prometheus:)" };

    public Option<string> Timeout { get; } = new("--timeout") { Description = "Limit for each deploy or rollback command (default 10m); past it the command is killed and the deploy failed", DefaultValueFactory = _ => "10m" };

    public void AddTo(Command command)
    {
        foreach (var option in (Option[])[Spec, Window, MaxWait, ErrorLimit, Prometheus, Timeout])
        {
            command.Options.Add(option);
        }
    }

    public CanarySpec LoadSpec(ParseResult parse, CliHost host) =>
        SpecLoader.Load(Path.GetFullPath(parse.GetValue(Spec)!.ToString(), host.WorkingDirectory)) with { Path = parse.GetValue(Spec)!.ToString() };

    public TimeSpan? WindowOf(ParseResult parse) => parse.GetValue(Window) is { } w ? PromDuration.Parse(w, "--window") : null;

    public TimeSpan? MaxWaitOf(ParseResult parse) => parse.GetValue(MaxWait) is { } w ? PromDuration.Parse(w, "--max-wait") : null;

    public TimeSpan TimeoutOf(ParseResult parse) => PromDuration.Parse(parse.GetValue(Timeout)!, "--timeout");

    /// <param name="attempts">How often a query is sent before the source says it cannot measure (the watch: 3).</param>
    public IMetricSource Source(ParseResult parse, CliHost host, CanarySpec spec, HttpClient http, int attempts = 3) =>
        new PrometheusSource(http, PrometheusTarget.Of(spec, parse.GetValue(Prometheus)), new PrometheusOptions(spec.Timeout, attempts), host.Clock, null);
}
