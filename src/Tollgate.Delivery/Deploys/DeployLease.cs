using System.Diagnostics;
using System.Globalization;
using Tollgate.Domain.Delivery;

namespace Tollgate.Delivery.Deploys;

/// <summary>
/// The <c>deploy run</c> process inside a deploy's deploy command, kept in the deploy's <see cref="Deploy.Lease"/> (the
/// ledger's <c>deploys.lease</c>: <c>pid=…;process-start=…;until=…;host=…</c>): a run killed outright (SIGKILL, a lost CI runner) leaves its
/// deploy running in the ledger, and a later <c>deploy run</c> tells that stale deploy from a live one by its process
/// (on the same host: gone, or its pid reused by another process) or, from another host, by the lease's end (its
/// own <c>--timeout</c> after its start: its deploy command is killed by then).
/// </summary>
public sealed record DeployLease(int Pid, DateTimeOffset ProcessStart, DateTimeOffset Until, string Host)
{
    /// <summary>This process, deploying from <paramref name="start"/> for at most <paramref name="timeout"/>.</summary>
    public static DeployLease Current(DateTimeOffset start, TimeSpan timeout)
    {
        using var self = Process.GetCurrentProcess();
        return new DeployLease(Environment.ProcessId, StartOf(self), start + timeout, Environment.MachineName);
    }

    /// <summary>The lease a deploy records; null for a deploy recorded otherwise (<c>deploy start</c>, an event).</summary>
    public static DeployLease? Of(Deploy deploy)
    {
        if (deploy.Lease is not { } text)
        {
            return null;
        }

        var fields = text.Split(';', 4);
        if (fields.Length != 4 || Field(fields[0], "pid=") is not { } pid || !int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || Millis(Field(fields[1], "process-start=")) is not { } processStart || Millis(Field(fields[2], "until=")) is not { } until
            || Field(fields[3], "host=") is not { } host)
        {
            return null;
        }

        return new DeployLease(id, processStart, until, host);
    }

    /// <summary>What <see cref="Deploy.Lease"/> records.</summary>
    public string Text => string.Create(CultureInfo.InvariantCulture,
        $"pid={Pid};process-start={ProcessStart.ToUnixTimeMilliseconds()};until={Until.ToUnixTimeMilliseconds()};host={Host}");

    /// <summary>
    /// Whether the process still runs: null when it ran on another host (only the lease's end tells then); false when no
    /// process has its pid, or the one that has it started at another time (the pid was reused).
    /// </summary>
    public bool? Alive()
    {
        if (!string.Equals(Host, Environment.MachineName, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var process = Process.GetProcessById(Pid);
            return !process.HasExited && (StartOf(process) - ProcessStart).Duration() < TimeSpan.FromSeconds(1);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false; // no such process, or it exited meanwhile
        }
    }

    private static DateTimeOffset StartOf(Process process) => new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);

    private static string? Field(string text, string name) => text.StartsWith(name, StringComparison.Ordinal) ? text[name.Length..] : null;

    private static DateTimeOffset? Millis(string? text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
