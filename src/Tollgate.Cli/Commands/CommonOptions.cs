using System.CommandLine;
using Tollgate.Cli.Hosting;
using Tollgate.Cli.Reports;
using Tollgate.Domain;
using Tollgate.Domain.Gates;
using Tollgate.Domain.Ledger;
using Tollgate.Domain.Policies;
using Tollgate.Domain.Reports;
using Tollgate.Ledger;
using Tollgate.Policies.Loading;
using Tollgate.Domain.Inputs;

namespace Tollgate.Cli.Commands;

/// <summary>The options every verdict command shares (docs/report-format.md, "Common options"), and the host's side of a gate run.</summary>
public sealed class CommonOptions
{
    public Option<ReportFormat> Format { get; } = new("--format", "-f")
    {
        Description = "Report format (default text)",
        HelpName = "text|json|sarif|markdown|junit",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (Enum.TryParse<ReportFormat>(text, ignoreCase: true, out var format) && !int.TryParse(text, out _))
            {
                return format;
            }

            result.AddError($"unknown --format '{text}': expected text, json, sarif, markdown or junit");
            return ReportFormat.Text;
        },
    };

    public Option<FileInfo?> Output { get; } = new("--output", "-o")
    {
        Description = "Write the report to this file instead of standard output",
    };

    /// <summary>
    /// <c>--sarif-category NAME</c>: the SARIF run's code scanning category, for two reports of one kind uploaded from
    /// one workflow (the plans of two stacks); the upload action's own <c>category</c> input does not replace one the file
    /// has. Default <c>tollgate/KIND</c>.
    /// </summary>
    public Option<string?> SarifCategory { get; } = new Option<string?>("--sarif-category")
    {
        Description = "With --format sarif: the code scanning category of the run (default tollgate/KIND), e.g. tollgate/terraform-plan/prod",
        HelpName = "NAME",
    }.WhenEmpty("give a category such as tollgate/terraform-plan/prod, or leave --sarif-category out");

    public Option<string?> Ledger { get; } = new Option<string?>("--ledger")
    {
        Description = "Ledger to record verdicts in: a SQLite path (default .tollgate/ledger.db) or a postgres:// URL",
    }.RefusedByItsCommand();

    public Option<FileInfo?> Policy { get; } = new("--policy")
    {
        Description = "Policy file (default: tollgate.yaml in the working directory, if present)",
    };

    /// <summary>The policy <c>--policy</c> names, else <c>tollgate.yaml</c> in the working directory, else the defaults.</summary>
    public Policy LoadPolicy(ParseResult parse, CliHost host) =>
        PolicyFile.Load(parse.GetValue(Policy)?.ToString(), host.WorkingDirectory, Pillars.Vocabulary);

    /// <summary>
    /// The ledger <c>--ledger</c> names (SQLite <c>.tollgate/ledger.db</c> by default); with <paramref name="existing"/>,
    /// one that must hold records already (<see cref="LedgerLocation.OpenExistingAsync"/>).
    /// </summary>
    public Task<ILedger> OpenLedgerAsync(ParseResult parse, CliHost host, CancellationToken cancellationToken, bool existing = false) =>
        existing
            ? LedgerLocation.OpenExistingAsync(parse.GetValue(Ledger), host.WorkingDirectory, host.Clock, cancellationToken)
            : LedgerLocation.OpenAsync(parse.GetValue(Ledger), host.WorkingDirectory, host.Clock, cancellationToken);

    /// <summary>
    /// A gate run as the command line hosts it: refuse an <c>--output</c> that would overwrite an input or cannot be written, load the policy
    /// (a bad file fails before any terraform runs), run the gate with the ledger opened on first use, render its report; the exit code.
    /// </summary>
    public async Task<int> RunGateAsync(
        ParseResult parse,
        CliHost host,
        IEnumerable<string?> inputs,
        Func<GateContext, Task<Report>> gate,
        IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        await using var ledger = new DeferredLedger(token => OpenLedgerAsync(parse, host, token));
        return await RunGateAsync(parse, host, ledger, inputs, gate, progress, cancellationToken);
    }

    /// <summary>
    /// A gate run on a ledger the command opened itself (<see cref="RunGateOnLedgerAsync"/> opens it after the checks). With
    /// <paramref name="render"/> false the command shows the report its own way (a table) and only the exit code is
    /// returned.
    /// </summary>
    public async Task<int> RunGateAsync(
        ParseResult parse,
        CliHost host,
        ILedger ledger,
        IEnumerable<string?> inputs,
        Func<GateContext, Task<Report>> gate,
        IProgress<string>? progress,
        CancellationToken cancellationToken,
        bool render = true)
    {
        CheckOutput(parse, host, inputs);
        return await JudgeAsync(parse, host, ledger, LoadPolicy(parse, host), gate, progress, render, MainInput(inputs), cancellationToken);
    }

    /// <summary>
    /// A gate run that works on the ledger's tables (deliveries, the model registry): <c>--output</c> and the policy
    /// are checked first and the ledger is opened only then, so a run refused for bad input (exit 3) leaves no ledger
    /// behind. With <paramref name="existing"/> the gate reads what was recorded before, and a ledger that is not
    /// there is bad input. <paramref name="prepare"/> runs after those checks and before the ledger is opened: reading
    /// a remote source there means one that fails leaves no ledger either.
    /// </summary>
    public async Task<int> RunGateOnLedgerAsync(
        ParseResult parse,
        CliHost host,
        IEnumerable<string?> inputs,
        Func<ILedger, GateContext, Task<Report>> gate,
        CancellationToken cancellationToken,
        bool render = true,
        bool existing = false,
        Func<CancellationToken, Task>? prepare = null)
    {
        CheckOutput(parse, host, inputs);
        var policy = LoadPolicy(parse, host);
        if (prepare is not null)
        {
            await prepare(cancellationToken);
        }

        await using var ledger = await OpenLedgerAsync(parse, host, cancellationToken, existing);
        return await JudgeAsync(parse, host, ledger, policy, context => gate(ledger, context), null, render, MainInput(inputs), cancellationToken);
    }

    /// <summary>The file a command reads the change from: the first of its inputs it was given (the plan, the KPI spec, the predictions log).</summary>
    private static string? MainInput(IEnumerable<string?> inputs) => inputs.FirstOrDefault(i => i is not null);

    private async Task<int> JudgeAsync(
        ParseResult parse, CliHost host, ILedger ledger, Policy policy, Func<GateContext, Task<Report>> gate, IProgress<string>? progress, bool render, string? input,
        CancellationToken cancellationToken)
    {
        var context = new GateContext(host.Clock, ledger, policy, host.WorkingDirectory) { Cancellation = cancellationToken, Progress = progress };
        var report = await gate(context);
        if (render)
        {
            // The gate has recorded the report: one that cannot be written now says so (RecordedReport).
            await ReportWriter.WriteAsync(host, report, parse.GetValue(Format), parse.GetValue(Output), cancellationToken, input, Category(parse));
        }

        return report.ExitCode;
    }

    /// <summary>
    /// Refuses an <c>--output</c> that would overwrite an input or that cannot be written (<see cref="OutputFile.Check"/>),
    /// before anything runs or is recorded: a deploy is not made, nor a ledger created, for a report that cannot be written.
    /// </summary>
    private void CheckOutput(ParseResult parse, CliHost host, IEnumerable<string?> inputs)
    {
        _ = Category(parse);
        if (parse.GetValue(Output) is not { } output)
        {
            return;
        }

        CheckWritten(parse, host, inputs, "--output", output.ToString());
        OutputFile.Check(Path.GetFullPath(output.ToString(), host.WorkingDirectory), "the report");
    }

    /// <summary>
    /// Refuses a file this command would write that it reads or keeps (<see cref="OutputGuard"/>): an input, a file in an
    /// input directory, the ledger, the policy file.
    /// </summary>
    public void CheckWritten(ParseResult parse, CliHost host, IEnumerable<string?> inputs, string option, string written) =>
        OutputGuard.Check(option, written, host.WorkingDirectory, inputs,
            LedgerLocation.SqliteFile(parse.GetValue(Ledger), host.WorkingDirectory),
            parse.GetValue(Policy) is { } policy ? [policy.ToString()] : PolicyFile.DefaultNames);

    /// <summary>
    /// <c>--sarif-category</c> as the run's <c>automationDetails.id</c> wants it (ending in <c>/</c>: a category with no
    /// run id), or null when not given; refused when the report is not SARIF or the name has a control character.
    /// </summary>
    private string? Category(ParseResult parse)
    {
        if (parse.GetValue(SarifCategory)?.Trim() is not { } category)
        {
            return null;
        }

        if (parse.GetValue(Format) != ReportFormat.Sarif)
        {
            throw new InvalidInputException("--sarif-category names the category of a SARIF report: give it with --format sarif, or leave it out");
        }

        if (category.Any(char.IsControl) || category.Trim('/').Length == 0)
        {
            throw new InvalidInputException($"--sarif-category '{TextSafe.Line(category)}' is not a category: give a name such as tollgate/terraform-plan/prod");
        }

        return category.EndsWith('/') ? category : category + "/";
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Format);
        command.Options.Add(SarifCategory);
        command.Options.Add(Output);
        command.Options.Add(Ledger);
        command.Options.Add(Policy);
    }
}
