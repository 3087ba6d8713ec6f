using Tollgate.Domain.Reports;

namespace Tollgate.Cli.Hosting;

/// <summary>
/// Progress as lines on a writer, written as they come (not posted to another thread, so the order holds). Each is one
/// line whatever it quotes (a slice name, Prometheus' message): its control characters are shown escaped (<see cref="TextSafe"/>).
/// </summary>
public sealed class LineProgress(TextWriter writer) : IProgress<string>
{
    public void Report(string value) => writer.WriteLine(TextSafe.Line(value));
}
