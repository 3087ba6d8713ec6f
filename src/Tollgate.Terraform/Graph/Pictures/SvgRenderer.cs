using System.Diagnostics;
using Tollgate.Domain;

namespace Tollgate.Terraform.Graph.Pictures;

/// <summary>Renders DOT to SVG with graphviz's <c>dot</c> (from PATH, or <c>TOLLGATE_DOT</c>).</summary>
public static class SvgRenderer
{
    public static async Task RenderAsync(string dot, string outputPath, CancellationToken cancellationToken = default)
    {
        var executable = Environment.GetEnvironmentVariable("TOLLGATE_DOT") is { Length: > 0 } custom ? custom : "dot";
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-Tsvg");
        info.ArgumentList.Add("-o");
        info.ArgumentList.Add(Path.GetFullPath(outputPath));
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidInputException($"could not start {executable}");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidInputException($"--svg needs graphviz, and '{executable}' is not installed: install graphviz (e.g. apt-get install graphviz) or use --dot FILE or --html FILE instead");
        }

        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardInput.WriteAsync(dot.AsMemory(), cancellationToken);
            process.StandardInput.Close();
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidInputException($"graphviz dot failed ({process.ExitCode}): {(await errors).ReplaceLineEndings(" ").Trim()}");
            }
        }
    }
}
