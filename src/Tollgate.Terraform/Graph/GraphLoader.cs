using System.Security.Cryptography;
using System.Text;
using Tollgate.Domain;
using Tollgate.Domain.Inputs;
using Tollgate.Terraform.Graph.Config;
using Tollgate.Terraform.Graph.Dot;
using Tollgate.Terraform.Plan;
using Tollgate.Terraform.Running;

namespace Tollgate.Terraform.Graph;

/// <summary>
/// Loads a graph from what the user points at: a directory (its <c>.tf</c> files through the HCL parser, its local
/// state, and <c>terraform graph</c> when asked), a DOT file of either dialect, or a plan (JSON or binary).
/// </summary>
public sealed class GraphLoader(TerraformCli terraform)
{
    /// <summary>
    /// Also run <c>terraform graph</c> in a directory (<c>--terraform-graph</c>; its failure, e.g. a cycle or a missing
    /// init, becomes a note). Off by default: the HCL graph alone takes milliseconds where terraform graph can take
    /// a minute on a large configuration.
    /// </summary>
    public bool RunTerraformGraph { get; init; }

    /// <summary>How an error in a directory's configuration names the file, from its full path (<see cref="SourceLocations.AsGiven"/> of the directory as the user gave it); null names it under the directory loaded.</summary>
    public Func<string, string>? Shown { get; init; }

    /// <summary>What <c>-</c> reads; the CLI's standard input unless a host gives another.</summary>
    public Func<Stream> StandardInput { get; init; } = Console.OpenStandardInput;

    public async Task<GraphSubject> LoadAsync(string path, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        if (Directory.Exists(path))
        {
            return await FromDirectoryAsync(path, progress, cancellationToken);
        }

        // "-" and a FIFO are read once, their first bytes telling DOT from a plan; a regular file is looked at first.
        if (path == "-")
        {
            return await FromPipeAsync(StandardInput, "standard input", cancellationToken);
        }

        InputFile.CheckKind(path, path, pipes: true);
        if (InputFile.IsPipe(path))
        {
            return await FromPipeAsync(() => PlanInput.Open(path), path, cancellationToken);
        }

        if (IsDot(path))
        {
            return FromDot(DotReader.ReadFile(path));
        }

        var plan = await new PlanSource(terraform).LoadAsync(path, PlanOptions.None, progress, Shown?.Invoke(path), cancellationToken);
        return FromPlan(plan, plan.Identities, null);
    }

    private static async Task<GraphSubject> FromPipeAsync(Func<Stream> open, string name, CancellationToken cancellationToken)
    {
        var (dot, plan) = await PipedGraphInput.ReadAsync(open, name, cancellationToken);
        return dot is not null ? FromDot(dot) : FromPlan(plan!, plan!.Identities, null);
    }

    private static GraphSubject FromDot(DotGraph dot)
    {
        var model = new GraphAssembler { Dot = dot, Sources = [$"terraform graph ({dot.Dialect.ToString().ToLowerInvariant()} DOT)"] }.Build();
        return new GraphSubject(model, ChangeSet.None, Task.Run(() => Digest(model.Graph)));
    }

    /// <summary>The graph of a plan, with the directory's HCL (locals, dynamic blocks) when the plan came from one.</summary>
    /// <param name="plan">The plan.</param>
    /// <param name="facts">The prior state's identities.</param>
    /// <param name="directory">The directory the plan came from, or null.</param>
    /// <param name="shown">How an error in the directory's configuration names the file (<see cref="HclConfigLoader.Load"/>).</param>
    public static GraphSubject FromPlan(TerraformPlan plan, StateFacts facts, string? directory, Func<string, string>? shown = null)
    {
        var config = directory is not null ? HclConfigLoader.Load(directory, shown) : PlanConfigReader.Read(plan.Configuration);
        var model = new GraphAssembler
        {
            Config = config,
            PriorDependsOn = plan.PriorDependsOn,
            Identities = facts,
            Sources = [directory is not null ? "configuration (HCL)" : "plan configuration", "prior state depends_on"],
        }.Build();
        // The plan's changes and the graph they reach through: a depends_on added with the same planned changes
        // changes the blast radius, so it is another review.
        return new GraphSubject(model, ChangeSet.FromPlan(plan), Task.Run(() => plan.Digest + " " + Digest(model.Graph)));
    }

    private async Task<GraphSubject> FromDirectoryAsync(string directory, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        progress?.Report("reading .tf files");
        var config = HclConfigLoader.Load(directory, Shown);
        var statePath = Path.Combine(directory, "terraform.tfstate");
        var facts = File.Exists(statePath) ? StateFacts.ReadFile(statePath, (Shown ?? SourceLocations.AsGiven(directory, directory))(statePath)) : StateFacts.None;
        var sources = new List<string> { "configuration (HCL)" };
        var notes = new List<KeyValuePair<string, string>>();
        DotGraph? dot = null;
        if (RunTerraformGraph)
        {
            progress?.Report("terraform graph");
            try
            {
                dot = DotReader.Read(await terraform.RunAsync(Path.GetFullPath(directory), ["graph", "-no-color"], cancellationToken), "terraform graph");
                sources.Add("terraform graph");
            }
            catch (InvalidInputException e)
            {
                notes.Add(new("terraformGraph", e.Message));
            }
        }
        else
        {
            notes.Add(new("terraformGraph", "not run: the graph comes from the .tf files (--terraform-graph adds terraform's own graph)"));
        }

        if (facts.Count > 0 || facts.PriorDependsOn.Count > 0)
        {
            sources.Add("terraform.tfstate");
        }

        var model = new GraphAssembler { Config = config, Dot = dot, PriorDependsOn = facts.PriorDependsOn, Identities = facts, Sources = sources }.Build();
        return new GraphSubject(model, ChangeSet.None, Task.Run(() => Digest(model.Graph))) { Facts = notes };
    }

    private static bool IsDot(string path)
    {
        if (path.EndsWith(".dot", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".gv", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        using var stream = InputFile.OpenRead(path, path);
        var head = new byte[256];
        return StartsLikeDot(head.AsSpan(0, stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)));
    }

    /// <summary>True when the first bytes of an input open a DOT graph (<c>digraph</c> or <c>strict digraph</c>, after white space or a BOM).</summary>
    internal static bool StartsLikeDot(ReadOnlySpan<byte> head)
    {
        var text = Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return text.StartsWith("digraph", StringComparison.Ordinal) || text.StartsWith("strict digraph", StringComparison.Ordinal);
    }

    /// <summary>
    /// sha256 over the nodes (with their kind) and their edges (with why each exists: a reference, a
    /// <c>depends_on</c>, the prior state) in graph order: the same input always has the same digest, and turning a
    /// reference into a <c>depends_on</c> gives another.
    /// </summary>
    public static string Digest(DependencyGraph graph)
    {
        // Each name is encoded to UTF-8 once; the lines "name\n" and "->dependency\n" are gathered in a 64 KB buffer
        // and hashed a buffer at a time (one hash call per line costs more than the rest of the analysis).
        var starts = new int[graph.NodeCount + 1];
        var bytes = new byte[graph.Names.Sum(n => Encoding.UTF8.GetMaxByteCount(n.Length))];
        for (var node = 0; node < graph.NodeCount; node++)
        {
            starts[node + 1] = starts[node] + Encoding.UTF8.GetBytes(graph.Names[node], bytes.AsSpan(starts[node]));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        var used = 0;
        Span<byte> prefix = stackalloc byte[5];
        for (var node = 0; node < graph.NodeCount; node++)
        {
            prefix[0] = (byte)('0' + (int)graph.Kinds[node]);
            prefix[1] = (byte)' ';
            Append(hash, buffer, ref used, prefix[..2], bytes.AsSpan(starts[node], starts[node + 1] - starts[node]));
            for (var edge = graph.OutOffsets[node]; edge < graph.OutOffsets[node + 1]; edge++)
            {
                // "->" and the edge's reasons (EdgeKind flags) as two hex digits, then the dependency.
                var dependency = graph.OutTargets[edge];
                "->"u8.CopyTo(prefix);
                ((byte)graph.OutKinds[edge]).TryFormat(prefix[2..], out _, "x2");
                prefix[4] = (byte)' ';
                Append(hash, buffer, ref used, prefix, bytes.AsSpan(starts[dependency], starts[dependency + 1] - starts[dependency]));
            }
        }

        hash.AppendData(buffer, 0, used);
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, byte[] buffer, ref int used, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> name)
    {
        var needed = prefix.Length + name.Length + 1;
        if (buffer.Length - used < needed)
        {
            hash.AppendData(buffer, 0, used);
            used = 0;
            if (needed > buffer.Length)
            {
                // One very long name: hash it on its own, byte-identical to the buffered form.
                hash.AppendData(prefix);
                hash.AppendData(name);
                hash.AppendData("\n"u8);
                return;
            }
        }

        prefix.CopyTo(buffer.AsSpan(used));
        name.CopyTo(buffer.AsSpan(used + prefix.Length));
        used += needed;
        buffer[used - 1] = (byte)'\n';
    }
}
