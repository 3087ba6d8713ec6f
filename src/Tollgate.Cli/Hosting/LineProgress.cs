namespace Tollgate.Cli.Hosting;

/// <summary>Progress as lines on a writer, written as they come (not posted to another thread, so the order holds).</summary>
public sealed class LineProgress(TextWriter writer) : IProgress<string>
{
    public void Report(string value) => writer.WriteLine(value);
}
