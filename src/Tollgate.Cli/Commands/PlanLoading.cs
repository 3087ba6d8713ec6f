using Spectre.Console;
using Tollgate.Terraform.Plan;
using Tollgate.Terraform.Running;

namespace Tollgate.Cli.Commands;

/// <summary>Loads a plan for a command, with a spinner on a terminal's stderr while terraform runs.</summary>
public static class PlanLoading
{
    public static async Task<TerraformPlan> LoadAsync(CliHost host, string path, PlanOptions options, TerraformCli terraform, CancellationToken cancellationToken)
    {
        var source = new PlanSource(terraform) { StandardInput = host.OpenInput };
        if (!host.ErrorIsTerminal || !Directory.Exists(path))
        {
            return await source.LoadAsync(path, options, null, cancellationToken);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(host.Error) });
        return await console.Status().Spinner(Spinner.Known.Dots).StartAsync($"terraform in {Markup.Escape(path)}", async context =>
        {
            var progress = new Progress<string>(step => context.Status($"{Markup.Escape(step)} in {Markup.Escape(path)}"));
            return await source.LoadAsync(path, options, progress, cancellationToken);
        });
    }
}
