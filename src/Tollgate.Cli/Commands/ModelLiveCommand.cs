using System.CommandLine;
using System.Text;
using Tollgate.Cli.Hosting;
using Tollgate.Domain.Registry;
using Tollgate.Models.Registry;

namespace Tollgate.Cli.Commands;

/// <summary><c>tollgate model live NAME [--at TIME]</c>: which version served at a time, from the immutable stage events.</summary>
public static class ModelLiveCommand
{
    public static Command Create(CliHost host)
    {
        var model = new Argument<string>("NAME") { Description = "The model" }.WhenEmpty("give the model's name");
        var at = new TimeOption("--at", "When: RFC 3339 (UTC when it names no offset) or Unix seconds (default now)");
        var query = new ModelQueryOptions();
        var command = new Command("live", "Which version of a model was in production at a time") { model, at.Option };
        query.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = ModelRef.NameOnly(parse.GetValue(model)!, (n, _) => $"live answers which version of a model served: tollgate model live {n} [--at TIME]");
            var now = host.Clock.GetUtcNow();
            // The stages recorded so far say nothing of a later time: a promotion or roll back may come before it.
            var when = at.ValueOf(parse) is { } given
                ? Domain.Delivery.ClockSkew.NotAhead(given, "--at", at.TextOf(parse)!.Trim(), now, "live answers which version served up to now")
                : now;

            var json = query.Json(parse);
            return await query.WithRegistryAsync(parse, host, async registry =>
            {
                var events = await registry.StagesAsync(name, cancellationToken);
                // A mistyped name is not "none served": exit 1 would read as an answer about a real model.
                await ModelRef.RequireKnownAsync(registry, name, events, cancellationToken);

                // Read as UTC, as every time option is, and said: 10:00 meant in Berlin is not silently an hour off.
                at.WriteNote(parse, host);

                var version = ModelStages.LiveAt(events, when);
                var since = version is null ? null : events.Last(e => e.Version == version && e.Stage == ModelStages.Production && e.At <= when);
                await query.WriteAsync(parse, host, json
                    ? Encoding.UTF8.GetString(LineageView.LiveJson(name, when, version, since))
                    : version is null
                        ? $"no version of {name} was in production at {LineageView.Time(when)}\n"
                        : $"{name}@{version} (in production since {LineageView.Time(since!.At)}{(since.Reason.Length > 0 ? ": " + since.Reason : "")})\n", cancellationToken);
                return version is null ? 1 : 0;
            }, cancellationToken);
        });
        return command;
    }
}
