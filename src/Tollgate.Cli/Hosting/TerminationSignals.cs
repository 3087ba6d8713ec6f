using System.Runtime.InteropServices;

namespace Tollgate.Cli.Hosting;

/// <summary>
/// SIGINT and SIGTERM as one cancellation: the first cancels <see cref="Token"/> and completes <see cref="Received"/>;
/// every signal, including the second SIGTERM that <c>timeout</c> sends to the whole process group, is absorbed so
/// the runtime never tears the process down under a command that is still stopping its children. SIGXFSZ, which the
/// kernel sends with every write past the file-size limit (<c>ulimit -f</c>), is absorbed too: its default ends the
/// process (exit 153, nothing said); absorbed, the write fails with EFBIG and the command says which file would be too
/// large, exit 3 (<see cref="Reports.FileTooLarge"/>, and the ledger's own words).
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource cancel = new();
    private readonly TaskCompletionSource<PosixSignal> received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<PosixSignalRegistration> registrations = [];

    private const PosixSignal FileSizeLimitExceeded = (PosixSignal)25; // SIGXFSZ, a raw number on Linux and macOS

    private TerminationSignals()
    {
    }

    public CancellationToken Token => cancel.Token;

    /// <summary>Completes with the first termination signal.</summary>
    public Task<PosixSignal> Received => received.Task;

    public static TerminationSignals Register()
    {
        var signals = new TerminationSignals();
        signals.registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, signals.Handle));
        signals.registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, signals.Handle));
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            signals.registrations.Add(PosixSignalRegistration.Create(FileSizeLimitExceeded, context => context.Cancel = true));
        }

        return signals;
    }

    /// <summary>The shell's convention: 128 + the signal's number (130 for SIGINT, 143 for SIGTERM).</summary>
    public static int ExitCodeOf(PosixSignal signal) => signal == PosixSignal.SIGINT ? 130 : 143;

    public static string NameOf(PosixSignal signal) => signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        if (received.TrySetResult(context.Signal))
        {
            cancel.Cancel();
        }
    }

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        cancel.Dispose();
    }
}
