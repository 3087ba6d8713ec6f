using System.CommandLine;
using Tollgate.Terraform.Running;

namespace Tollgate.Cli.Commands;

/// <summary>The plan argument, the -var/-var-file pass-through and <c>--terraform-timeout</c>, shared by <c>plan</c> and <c>approve</c>.</summary>
public sealed class TerraformInputOptions
{
    public Argument<string> Plan { get; } = new("plan")
    {
        Description = "A plan JSON file (terraform show -json), a binary plan file, or a Terraform directory to plan",
    };

    public Option<string[]> Vars { get; } = new("--var", "-var")
    {
        Description = "NAME=VALUE passed to terraform plan as -var (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> VarFiles { get; } = new("--var-file", "-var-file")
    {
        Description = "A .tfvars file passed to terraform plan as -var-file (repeatable)",
    };

    public TerraformTimeoutOption Timeout { get; } = new();

    public void AddTo(Command command)
    {
        command.Arguments.Add(Plan);
        command.Options.Add(Vars);
        command.Options.Add(VarFiles);
        Timeout.AddTo(command);
    }

    /// <summary>The user's terraform, bounded by <c>--terraform-timeout</c>.</summary>
    public TerraformCli Terraform(ParseResult parse) => Timeout.Terraform(parse);

    public PlanOptions Read(ParseResult parse) =>
        new(parse.GetValue(Vars) ?? [], parse.GetValue(VarFiles) ?? []);
}
