using Tollgate.Domain.Policies;

namespace Tollgate.Policies.Loading;

/// <summary>
/// A policy as <see cref="PolicyFile"/> found it: <paramref name="Empty"/> when a file was read that holds no document
/// (nothing, or only comments), which means the defaults, as no file does; <c>tollgate policy check</c> says which.
/// </summary>
public sealed record LoadedPolicy(Policy Policy, bool Empty);
