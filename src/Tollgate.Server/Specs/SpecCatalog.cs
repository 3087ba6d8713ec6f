using System.Collections.Frozen;
using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;

namespace Tollgate.Server.Specs;

/// <summary>
/// The canary specs of <c>--specs DIR</c>, loaded and validated once at start: a spec's name is its file name without
/// <c>.yaml</c>; a bad spec stops the server before it listens (exit 3 with the file and line). A spec with a
/// <c>NAME.replay/</c> directory beside it is judged from that recording instead of Prometheus.
/// </summary>
public sealed class SpecCatalog
{
    private readonly FrozenDictionary<string, ServedSpec> _specs;

    private SpecCatalog(FrozenDictionary<string, ServedSpec> specs) => _specs = specs;

    public IReadOnlyCollection<string> Names => _specs.Keys;

    /// <summary>A server started without <c>--specs</c>: every canary request holds, naming why.</summary>
    public static SpecCatalog None { get; } = new(FrozenDictionary<string, ServedSpec>.Empty);

    /// <summary>The specs of <paramref name="directory"/>; a rollout's yes to an existence question is kept for <paramref name="existenceTtl"/> (default: <see cref="ServeOptions.DefaultExistenceTtl"/>).</summary>
    public static SpecCatalog Load(string directory, TimeProvider clock, TimeSpan? existenceTtl = null)
    {
        if (!Directory.Exists(directory))
        {
            throw new InvalidInputException($"--specs {directory}: {InputFile.NotADirectory(directory)}");
        }

        var specs = new Dictionary<string, ServedSpec>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw new InvalidInputException($"{file}: a spec's name is its file name, and '{name}' is not one a URL can carry (letters, digits, '-', '_', '.')");
            }

            var spec = SpecLoader.Load(file) with { Path = name };
            var replay = Path.Combine(directory, name + ".replay");
            var replayed = Directory.Exists(replay);
            var served = new ServedSpec(name, spec, file)
            {
                Replay = replayed ? replay : null,
                Recording = replayed ? new ReplayRecording(replay, clock, ReplayRecording.DefaultRecheck) : null,
                Clock = clock,
                ExistenceTtl = existenceTtl ?? ServeOptions.DefaultExistenceTtl,
            };

            if (spec.Prometheus is null && served.Replay is null)
            {
                throw new InvalidInputException($"{file}: no prometheus: URL and no recording {name}.replay/ beside it: the server would have nothing to judge from");
            }

            specs[name] = served;
        }

        if (specs.Count == 0)
        {
            // A spec is NAME.yaml (its name in a URL); .yml files are not read, since the directory may hold other YAML.
            var yml = Directory.EnumerateFiles(directory, "*.yml").Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(3).ToList();
            throw new InvalidInputException(yml.Count == 0
                ? $"--specs {directory}: no canary spec (*.yaml) in it"
                : $"--specs {directory}: no canary spec (*.yaml) in it, only {string.Join(", ", yml)}: a spec is NAME.yaml, so rename {(yml.Count == 1 ? "it" : "them")} to .yaml");
        }

        return new SpecCatalog(specs.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public ServedSpec? Find(string name) => _specs.GetValueOrDefault(name);

    /// <summary>"unknown spec X (known: a, b, c)", for a 404 or a hold, with "did you mean" for a near miss (a file name, another case).</summary>
    public string Unknown(string name) => _specs.Count == 0
        ? $"unknown spec '{name}': this server judges no canary (it was started without --specs)"
        : $"unknown spec '{name}'{Suggestion(name)} (this server judges: {string.Join(", ", _specs.Keys.Order(StringComparer.Ordinal).Take(20))}{(_specs.Count > 20 ? ", …" : "")})";

    /// <summary>"; did you mean 'checkout'?" for <c>checkout.yaml</c>, <c>CHECKOUT</c> or a typo; else empty.</summary>
    private string Suggestion(string name)
    {
        var file = name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
        var bare = file ? Path.GetFileNameWithoutExtension(name) : name;
        return Yaml.KeySuggestion.For(bare, _specs.Keys) is { } near
            ? $"; did you mean '{near}'{(file ? " (a spec is named without .yaml)" : "")}?"
            : "";
    }
}
