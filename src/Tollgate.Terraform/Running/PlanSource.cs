using System.IO.Compression;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;
using Tollgate.Terraform.Graph.Config;
using Tollgate.Terraform.Plan;

namespace Tollgate.Terraform.Running;

/// <summary>
/// Turns what the user points at into a plan: a plan JSON file is streamed; a binary plan file is rendered with
/// <c>terraform show -json</c>; a directory is initialised if needed, planned with <c>-out</c> (passing
/// <c>-var</c>/<c>-var-file</c> through) and rendered, the JSON streamed straight from terraform.
/// </summary>
public sealed class PlanSource(TerraformCli terraform)
{
    /// <summary>What <c>-</c> reads; the CLI's standard input unless a host gives another.</summary>
    public Func<Stream> StandardInput { get; init; } = Console.OpenStandardInput;

    /// <exception cref="InvalidInputException">Also for <c>-var</c>/<c>-var-file</c> given with a plan rather than a directory:
    /// a plan's variables were fixed when it was made, and passing them quietly unused would let a user think the plan
    /// was judged with them.</exception>
    /// <param name="shownAs">The path as the user gave it, for errors (default: <paramref name="path"/>).</param>
    public async Task<TerraformPlan> LoadAsync(string path, PlanOptions options, IProgress<string>? progress = null, string? shownAs = null, CancellationToken cancellationToken = default)
    {
        if ((options.Vars.Count > 0 || options.VarFiles.Count > 0) && !Directory.Exists(path))
        {
            var given = options.Vars.Count > 0 ? "-var" : "-var-file";
            throw new InvalidInputException($"{given} is for a configuration directory, which tollgate plans; {(path == "-" ? "standard input" : shownAs ?? path)} is a plan, whose variables were fixed when it was made: leave {given} out, or give the directory");
        }

        if (path == "-")
        {
            return await PlanInput.ReadAsync(StandardInput, "standard input", cancellationToken)
                ?? throw new InvalidInputException("standard input is a binary plan file: give its path, or pipe `terraform show -json` instead");
        }

        if (Directory.Exists(path))
        {
            return await FromDirectoryAsync(Path.GetFullPath(path), path, options, progress, cancellationToken) with { ConfigurationDirectory = Path.GetFullPath(path) };
        }

        // Missing, a directory on the way missing, a device: said before the reading thread starts.
        InputFile.CheckKind(path, path, pipes: true);
        if (!InputFile.IsPipe(path))
        {
            ConfigurationFile.Refuse(path, shownAs ?? path);
        }

        var plan = await PlanInput.ReadAsync(() => PlanInput.Open(path), path, cancellationToken);
        if (plan is not null)
        {
            return plan;
        }

        // A binary plan file: terraform renders it where it lies, once it is known to be a whole zip archive (terraform
        // words a damaged one as a state file it could not parse).
        var full = Path.GetFullPath(path);
        CheckArchive(full, shownAs ?? path);
        progress?.Report("terraform show -json");
        var directory = Path.GetDirectoryName(full)!;
        var rendered = await terraform.StreamAsync(directory, ["show", "-json", "-no-color", full], s => PlanReader.Read(s, path, cancellationToken), cancellationToken);
        return HclConfigLoader.ConfigFiles(directory).Any(f => f.EndsWith(".tf", StringComparison.Ordinal)) ? rendered with { ConfigurationDirectory = directory } : rendered;
    }

    private async Task<TerraformPlan> FromDirectoryAsync(string directory, string shownAs, PlanOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (HclConfigLoader.ConfigFiles(directory).Count == 0)
        {
            throw new InvalidInputException($"{shownAs} holds no Terraform configuration (*.tf, *.tf.json)");
        }

        if (!Directory.Exists(Path.Combine(directory, ".terraform")))
        {
            progress?.Report("terraform init");
            await terraform.RunAsync(directory, ["init", "-input=false", "-no-color"], cancellationToken);
        }

        var scratch = Directory.CreateTempSubdirectory("tollgate-plan-");
        try
        {
            var planFile = Path.Combine(scratch.FullName, "tollgate.tfplan");
            var arguments = new List<string> { "plan", "-input=false", "-no-color", "-lock-timeout=60s", "-out=" + planFile };
            arguments.AddRange(options.Vars.Select(v => "-var=" + v));
            arguments.AddRange(options.VarFiles.Select(f => "-var-file=" + Path.GetFullPath(f)));
            progress?.Report("terraform plan");
            await terraform.RunAsync(directory, arguments, cancellationToken);
            progress?.Report("terraform show -json");
            return await terraform.StreamAsync(directory, ["show", "-json", "-no-color", planFile], s => PlanReader.Read(s, directory, cancellationToken), cancellationToken);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>Refuses a binary plan whose zip archive cannot be read (truncated, damaged) or that holds no plan.</summary>
    internal static void CheckArchive(string path, string shownAs)
    {
        try
        {
            using var archive = new ZipArchive(InputFile.OpenRead(path, shownAs), ZipArchiveMode.Read);
            if (archive.GetEntry("tfplan") is null)
            {
                throw new InvalidInputException($"{shownAs} is a zip archive but not a terraform plan file (it holds no tfplan); give the file `terraform plan -out` wrote, or its `terraform show -json`");
            }
        }
        catch (InvalidDataException)
        {
            // The runtime's message is a resource key here (EOCDNotFound): the words say what it means.
            throw new InvalidInputException($"{shownAs} is a binary plan file (zip) that cannot be read: truncated or damaged (its zip directory is missing or broken); write it again with `terraform plan -out`");
        }
    }

    /// <summary>True when the file starts like a binary plan (a zip archive), not plan JSON.</summary>
    public static bool IsBinaryPlan(string path)
    {
        using var stream = InputFile.OpenRead(path, path);
        Span<byte> head = stackalloc byte[4];
        return stream.Read(head) == 4 && head.SequenceEqual(PlanInput.ZipMagic);
    }
}
