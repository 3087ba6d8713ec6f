using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Terraform.Analysis;
using Tollgate.Terraform.Running;

namespace Tollgate.Cli.Commands;

/// <summary>
/// The plan argument, the -var/-var-file pass-through, <c>--terraform-timeout</c> and the scan and Rego results judged
/// with the plan, shared by <c>plan</c> and <c>approve</c> (an approval's digest binds the scan findings under review).
/// </summary>
public sealed class TerraformInputOptions
{
    public Argument<string> Plan { get; } = new Argument<string>("plan")
    {
        Description = "A plan JSON file (terraform show -json), a binary plan file, or a Terraform directory to plan",
    }.WhenEmpty("give a plan file or a Terraform directory");

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

    public Option<string[]> Scans { get; } = new("--scan")
    {
        Description = "A Checkov, tfsec or Trivy result (SARIF, or their JSON) to judge with the plan (repeatable)",
    };

    public Option<string?> Rego { get; } = new("--rego")
    {
        Description = "A directory of Rego policies to run on the plan JSON with conftest or opa (whichever is on PATH)",
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Plan);
        command.Options.Add(Vars);
        command.Options.Add(VarFiles);
        Timeout.AddTo(command);
    }

    /// <summary>Adds <c>--scan</c> and <c>--rego</c>, after the command's own options.</summary>
    public void AddScansTo(Command command)
    {
        command.Options.Add(Scans);
        command.Options.Add(Rego);
    }

    /// <summary>The plan request these options describe (<paramref name="plan"/> from the argument).</summary>
    public PlanRequest Request(ParseResult parse, string plan, Func<Stream> standardInput) => new(plan)
    {
        Options = Read(parse),
        Scans = parse.GetValue(Scans) ?? [],
        Rego = parse.GetValue(Rego),
        TerraformTimeout = Timeout.Value(parse),
        StandardInput = standardInput,
    };

    /// <summary>The user's terraform, bounded by <c>--terraform-timeout</c>.</summary>
    public TerraformCli Terraform(ParseResult parse) => Timeout.Terraform(parse);

    public PlanOptions Read(ParseResult parse) =>
        new(parse.GetValue(Vars) ?? [], parse.GetValue(VarFiles) ?? []);
}
