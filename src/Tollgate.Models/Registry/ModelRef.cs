using Tollgate.Domain;
using Tollgate.Domain.Registry;
using Tollgate.Ledger.Registry;

namespace Tollgate.Models.Registry;

/// <summary><c>NAME@VERSION</c> (or <c>NAME</c> where a version is optional), as commands name a model.</summary>
public sealed record ModelRef(string Name, string? Version)
{
    public static ModelRef Parse(string text, string what, bool versionRequired)
    {
        var at = text.LastIndexOf('@');
        var name = (at < 0 ? text : text[..at]).Trim();
        var version = at < 0 ? null : text[(at + 1)..].Trim();
        if (name.Length == 0 || version is { Length: 0 } || name.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw new InvalidInputException($"{what} '{text}': expected NAME@VERSION");
        }

        return versionRequired && version is null
            ? throw new InvalidInputException($"{what} '{text}' names no version: expected NAME@VERSION")
            : new ModelRef(name, version);
    }

    /// <summary>
    /// This NAME@VERSION as the registry has it. Not registered is bad input (exit 3), worded as every command that
    /// needs a registered version words it, with the command that registers it.
    /// </summary>
    public async Task<ModelVersion> RegisteredAsync(IModelRegistry registry, CancellationToken cancellationToken) =>
        Version is null
            ? throw new InvalidOperationException($"{Name} names no version")
            : await registry.FindAsync(Name, Version, cancellationToken)
                ?? throw new InvalidInputException($"{this} is not registered: tollgate model register {Name} --version {Version} …");

    public override string ToString() => Version is null ? Name : $"{Name}@{Version}";
}
