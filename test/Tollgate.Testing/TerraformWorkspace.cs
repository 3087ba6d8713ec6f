using System.Diagnostics;

namespace Tollgate.Testing;

/// <summary>
/// A throw-away Terraform working directory for tests: write configuration, run the real terraform
/// (apply, plan, taint, show -json), so every plan a test reads is one terraform really produced.
/// </summary>
public sealed class TerraformWorkspace : IDisposable
{
    public TerraformWorkspace(string? name = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("tollgate-tf-" + (name ?? "ws") + "-").FullName;
    }

    public string Directory { get; }

    /// <summary>
    /// An initialised workspace whose one resource runs <c>sleep MARKER</c> while it is applied: an apply that holds
    /// the state lock, and a child process tree to find by <paramref name="marker"/> (<see cref="ProcessProbe"/>).
    /// </summary>
    public static TerraformWorkspace SlowApply(string name, string marker)
    {
        var ws = new TerraformWorkspace(name);
        ws.Write("main.tf", $$"""
            resource "terraform_data" "slow" {
              provisioner "local-exec" {
                command = "sleep {{marker}}"
              }
            }
            """).Run(["init", "-input=false", "-no-color"]);
        return ws;
    }

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    /// <summary>Writes (or overwrites) a file relative to the workspace; parent folders are created.</summary>
    public TerraformWorkspace Write(string relative, string content)
    {
        var path = PathOf(relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    public TerraformWorkspace Delete(string relative)
    {
        File.Delete(PathOf(relative));
        return this;
    }

    public TerraformWorkspace Apply(params string[] extra)
    {
        Run(["init", "-input=false", "-no-color"]);
        Run(["apply", "-auto-approve", "-input=false", "-no-color", .. extra]);
        return this;
    }

    /// <summary>Plans into a binary plan file and returns its path.</summary>
    public string PlanFile(params string[] extra)
    {
        Run(["init", "-input=false", "-no-color"]);
        var file = PathOf("tollgate-test.tfplan");
        Run(["plan", "-input=false", "-no-color", "-out=" + file, .. extra]);
        return file;
    }

    /// <summary>Plans and writes <c>terraform show -json</c> to <paramref name="name"/>; returns its path.</summary>
    public string PlanJson(string name = "plan.json", params string[] extra)
    {
        var planFile = PlanFile(extra);
        var json = Run(["show", "-json", "-no-color", planFile]);
        var path = PathOf(name);
        File.WriteAllText(path, json);
        return path;
    }

    public string Run(IReadOnlyList<string> arguments, bool check = true)
    {
        var (code, stdout, stderr) = RunRaw(arguments);
        if (check && code != 0)
        {
            throw new InvalidOperationException($"terraform {string.Join(' ', arguments)} failed ({code}): {stderr}{stdout}");
        }

        return stdout;
    }

    public (int Code, string Stdout, string Stderr) RunRaw(IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo("terraform")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["TF_IN_AUTOMATION"] = "1";
        info.Environment["TF_INPUT"] = "0";
        info.Environment.Remove("TF_CLI_CONFIG_FILE");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
