using Spectre.Console;

namespace Tollgate.Cli.Hosting;

/// <summary>A spinner on a terminal's stderr while a gate runs terraform in a directory; nothing otherwise.</summary>
public static class TerminalStatus
{
    public static async Task<T> RunAsync<T>(CliHost host, string path, Func<IProgress<string>?, Task<T>> run)
    {
        if (!host.ErrorIsTerminal || !Directory.Exists(Path.GetFullPath(path, host.WorkingDirectory)))
        {
            return await run(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(host.Error) });
        return await console.Status().Spinner(Spinner.Known.Dots).StartAsync($"terraform in {Markup.Escape(path)}", async context =>
        {
            var progress = new Progress<string>(step => context.Status($"{Markup.Escape(step)} in {Markup.Escape(path)}"));
            return await run(progress);
        });
    }
}
