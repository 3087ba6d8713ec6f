using Tollgate.Canary.Sources;
using Tollgate.Canary.Spec;

namespace Tollgate.Server.Specs;

/// <summary>One canary spec the server judges by name, loaded at start; <see cref="Replay"/> is its recording, when it has one.</summary>
public sealed record ServedSpec(string Name, CanarySpec Spec, string File)
{
    /// <summary>A <c>NAME.replay/</c> directory beside the spec: answers recorded with <c>tollgate canary --record</c>.</summary>
    public string? Replay { get; init; }

    /// <summary>The recording kept open for the server's life: its answers parsed once, read again when a file changes.</summary>
    public ReplayRecording? Recording { get; init; }
}
