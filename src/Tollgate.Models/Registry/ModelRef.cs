using Tollgate.Domain;
using Tollgate.Domain.Inputs;
using Tollgate.Domain.Registry;
using Tollgate.Ledger.Registry;

namespace Tollgate.Models.Registry;

/// <summary><c>NAME@VERSION</c> (or <c>NAME</c> where a version is optional), as commands name a model.</summary>
public sealed record ModelRef(string Name, string? Version)
{
    public static ModelRef Parse(string text, string what, bool versionRequired)
    {
        if (EmptyValue.Is(text))
        {
            throw EmptyValue.Error(what, versionRequired ? "give the model as NAME@VERSION" : "give the model's name");
        }

        var at = text.LastIndexOf('@');
        var name = (at < 0 ? text : text[..at]).Trim();
        var version = at < 0 ? null : text[(at + 1)..].Trim();
        if (name.Length == 0 || version is { Length: 0 } || !Usable(name) || (version is not null && !Usable(version)))
        {
            throw new InvalidInputException($"{what} '{text}': expected NAME@VERSION");
        }

        return versionRequired && version is null
            ? throw new InvalidInputException($"{what} '{text}' names no version: expected NAME@VERSION")
            : new ModelRef(name, version);
    }

    /// <summary>
    /// The model's name where a command takes a name only (<c>live</c>, <c>rollback</c>, <c>drill</c>): a NAME@VERSION
    /// is refused with <paramref name="instead"/> (name, version) saying what to run, since the version would be
    /// dropped unseen (<c>rollback fraud@7</c> rolled back to the previous version, not to 7; <c>live fraud@99</c>
    /// answered which version of fraud served, exit 0).
    /// </summary>
    public static string NameOnly(string text, Func<string, string, string> instead)
    {
        var reference = Parse(text, "NAME", versionRequired: false);
        return reference.Version is not { } version ? reference.Name
            : throw new InvalidInputException($"NAME '{text}' names a version: {instead(reference.Name, version)}");
    }

    /// <summary>
    /// A name and version given apart (<c>register NAME --version V</c>), each checked on its own: an <c>@</c> in
    /// either would make NAME@VERSION name another model (<c>fraud --version 1@2</c> was model <c>fraud@1</c>).
    /// </summary>
    public static ModelRef Of(string name, string version)
    {
        var (n, v) = (name.Trim(), version.Trim());
        return n.Length == 0 ? throw new InvalidInputException("NAME is empty: name the model to register")
            : !Usable(n) ? throw new InvalidInputException($"model name '{name}' has {Unusable(n)}: a model name has no spaces, control characters or '@'")
            : v.Length == 0 ? throw new InvalidInputException("--version is empty: give the version to register")
            : !Usable(v) ? throw new InvalidInputException($"--version '{version}' has {Unusable(v)}: a version has no spaces, control characters or '@'")
            : new ModelRef(n, v);
    }

    /// <summary>
    /// Why a name or version read from elsewhere (an MLflow import) cannot be recorded as one, worded to follow it
    /// ("has an '@'", "is empty"), or null: commands name what is recorded as NAME@VERSION, so a part that is empty or
    /// holds an '@', a space or a control character could never be named again.
    /// </summary>
    public static string? Unrecordable(string part) =>
        part.Length == 0 ? "is empty" : Usable(part) ? null : $"has {Unusable(part)}";

    private static bool Usable(string part) => !part.Any(c => c == '@' || char.IsControl(c) || char.IsWhiteSpace(c));

    private static string Unusable(string part) =>
        part.Contains('@', StringComparison.Ordinal) ? "an '@'" : part.Any(char.IsControl) ? "a control character" : "a space";

    /// <summary>
    /// This NAME@VERSION as the registry has it. Not registered is bad input (exit 3), worded as every command that
    /// needs a registered version words it, with the command that registers it.
    /// </summary>
    public async Task<ModelVersion> RegisteredAsync(IModelRegistry registry, CancellationToken cancellationToken) =>
        Version is null
            ? throw new InvalidOperationException($"{Name} names no version")
            : await registry.FindAsync(Name, Version, cancellationToken)
                ?? throw new InvalidInputException($"{this} is not registered: tollgate model register {Name} --version {Version} …");

    /// <summary>
    /// The one line every command that takes a model's name gives for a name the ledger has no version or stage of (a
    /// typo, another ledger), so it never reads as an answer about a real model ("no version in production").
    /// </summary>
    public static string NotRegistered(string name) =>
        $"model {Domain.Reports.TextSafe.Line(name)} is not registered in the ledger (tollgate model register {Domain.Reports.TextSafe.Line(name)} --version V …)";

    /// <summary>Refuses (exit 3, <see cref="NotRegistered"/>) a name the ledger has neither a version nor a stage event of.</summary>
    public static async Task RequireKnownAsync(IModelRegistry registry, string name, IReadOnlyCollection<StageEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0 && (await registry.VersionsAsync(name, cancellationToken)).Count == 0)
        {
            throw new InvalidInputException(NotRegistered(name));
        }
    }

    /// <summary>
    /// Refuses (exit 3, <see cref="NotRegistered"/>) a name the ledger has neither a version nor a stage event of, before
    /// a command records a report under it (<c>drift --model</c>, <c>trend --model</c>): a typo would start a new series.
    /// </summary>
    public static async Task RequireKnownAsync(IModelRegistry registry, string name, CancellationToken cancellationToken) =>
        await RequireKnownAsync(registry, name, await registry.StagesAsync(name, cancellationToken), cancellationToken);

    public override string ToString() => Version is null ? Name : $"{Name}@{Version}";
}
