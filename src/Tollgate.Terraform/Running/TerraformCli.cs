using System.Diagnostics;
using Tollgate.Domain;

namespace Tollgate.Terraform.Running;

/// <summary>Runs the user's own <c>terraform</c> binary (from PATH, or <c>TOLLGATE_TERRAFORM</c>) without colour or prompts.</summary>
public sealed class TerraformCli
{
    public string Executable { get; init; } = Environment.GetEnvironmentVariable("TOLLGATE_TERRAFORM") is { Length: > 0 } custom ? custom : "terraform";

    /// <summary>Runs terraform and returns its output; a non-zero exit is an input error with terraform's own first error.</summary>
    public async Task<string> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken = default)
    {
        using var process = Start(workingDirectory, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            throw Failure(arguments, workingDirectory, errors.Length > 0 ? errors : output);
        }

        return output;
    }

    /// <summary>Runs terraform and hands its standard output to <paramref name="read"/> as a stream while it runs.</summary>
    public async Task<T> StreamAsync<T>(string workingDirectory, IReadOnlyList<string> arguments, Func<Stream, T> read, CancellationToken cancellationToken = default)
    {
        using var process = Start(workingDirectory, arguments);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        T result;
        try
        {
            result = await Task.Run(() => read(process.StandardOutput.BaseStream), cancellationToken);
        }
        catch (InvalidInputException)
        {
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw Failure(arguments, workingDirectory, await stderr);
            }

            throw;
        }

        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw Failure(arguments, workingDirectory, await stderr);
        }

        return result;
    }

    private Process Start(string workingDirectory, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["TF_IN_AUTOMATION"] = "1";
        info.Environment["TF_INPUT"] = "0";
        info.Environment["NO_COLOR"] = "1";
        if (info.Environment.TryGetValue("TF_CLI_CONFIG_FILE", out var config) && config is { Length: > 0 } && !File.Exists(config))
        {
            info.Environment.Remove("TF_CLI_CONFIG_FILE");
        }

        try
        {
            var process = Process.Start(info) ?? throw new InvalidInputException($"could not start {Executable}");
            process.StandardInput.Close();
            return process;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidInputException($"cannot run '{Executable}': {e.Message}; install Terraform or put it on PATH (or set TOLLGATE_TERRAFORM)", e);
        }
    }

    private static InvalidInputException Failure(IReadOnlyList<string> arguments, string workingDirectory, string output)
    {
        var command = arguments.Count > 0 ? arguments[0] : "";
        return new InvalidInputException($"terraform {command} failed in {workingDirectory}: {FirstError(output)}");
    }

    /// <summary>Terraform's first "Error: …" line with its detail, on one line.</summary>
    public static string FirstError(string output)
    {
        var lines = output.Split('\n')
            .Select(l => l.Trim().Trim('│', '╷', '╵', ' ').Trim())
            .Where(l => l.Length > 0)
            .ToList();
        var start = lines.FindIndex(l => l.StartsWith("Error:", StringComparison.Ordinal));
        if (start < 0)
        {
            return lines.Count > 0 ? lines[^1] : "(no output)";
        }

        var detail = lines.Skip(start).Take(4).Where(l => !l.StartsWith("on ", StringComparison.Ordinal));
        var text = string.Join(" ", detail);
        return text.Length > 400 ? text[..400] + "…" : text;
    }
}
